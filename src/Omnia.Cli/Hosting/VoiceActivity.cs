using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Onnx.Vad;
using Omnia.Models;
using Omnia.Vad;

namespace Omnia.Cli.Hosting;

/// <summary>The voice activity model for realtime turn detection: the catalog's Silero VAD from the models directory.</summary>
internal static class VoiceActivity
{
    public static IVoiceActivityModelFactory Load(ModelStore store, ILogger logger)
    {
        var resolved = store.Resolve("silero-vad", ModelRole.VoiceActivity);
        logger.LogInformation("Turn detection uses {Model}", resolved.Path);
        return new SileroVad(resolved.Path);
    }
}
