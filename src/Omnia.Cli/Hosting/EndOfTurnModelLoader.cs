using Microsoft.Extensions.Logging;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.NGram;
using Omnia.Models;
using Omnia.Server.Realtime;
using Omnia.Turns;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Loads the models of turn ends semantic_vad may read: Smart Turn when pulled, pocketsphinx's English trigram LM
/// when Debian's pocketsphinx-en-us is installed. Resolved with the first realtime session (the LM takes ~0.5 s and
/// ~35 MB), so a server that never opens one never loads them.
/// </summary>
internal static class EndOfTurnModelLoader
{
    public static EndOfTurnModels Load(ModelStore store, ILogger logger) => new(SmartTurnModel.Load(store, logger), LoadNGram(logger));

    private static IEndOfTurnModel? LoadNGram(ILogger logger)
    {
        try
        {
            return NGramEndOfTurnModel.FromPocketsphinxModel();
        }
        catch (Exception e) when (e is DebianPackageMissingException or InvalidDataException or IOException)
        {
            logger.LogWarning("The n-gram end-of-turn model is unavailable: {Reason}", e.Message);
            return null;
        }
    }
}
