using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Onnx.Vad;
using Omnia.Models;
using Omnia.Vad;

namespace Omnia.Cli.Hosting;

/// <summary>The voice activity model for realtime turn detection: the catalog's Silero VAD from the models directory.</summary>
internal static class VoiceActivity
{
    /// <summary>The model, or null when it is not installed: realtime sessions then commit turns manually.</summary>
    public static IVoiceActivityModelFactory? Load(ModelStore store, ILogger logger)
    {
        try
        {
            var resolved = store.Resolve("silero-vad", ModelRole.VoiceActivity);
            logger.LogInformation("Turn detection uses {Model}", resolved.Path);
            return new SileroVad(resolved.Path);
        }
        catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException or InvalidDataException)
        {
            logger.LogWarning("Server-side turn detection is unavailable ({Reason}); fix: omnia pull silero-vad", e.Message);
            return null;
        }
    }
}
