using Microsoft.Extensions.Logging;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.Apertium;
using Omnia.Translation;

namespace Omnia.Cli.Hosting;

/// <summary>The installed offline translators (apertium when Debian has it), for the live-translation preset.</summary>
internal static class Translators
{
    public static IEnumerable<ITextTranslator> Create(ILogger logger)
    {
        try
        {
            var apertium = new ApertiumTranslator();
            logger.LogInformation("Offline translation: apertium ({Pairs})", string.Join(", ", apertium.Modes));
            return [apertium];
        }
        catch (DebianPackageMissingException e)
        {
            logger.LogWarning("Offline translation is unavailable: {Reason}", e.Message);
            return [];
        }
    }
}
