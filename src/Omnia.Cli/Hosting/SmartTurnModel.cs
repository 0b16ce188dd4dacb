using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Onnx.Turns;
using Omnia.Models;
using Omnia.Turns;

namespace Omnia.Cli.Hosting;

/// <summary>The audio end-of-turn model for semantic turn detection: the catalog's Smart Turn v3 from the models directory.</summary>
internal static class SmartTurnModel
{
    /// <summary>The catalog name, as <c>omnia pull</c> takes it.</summary>
    public const string CatalogName = "smart-turn-v3";

    /// <summary>The model, or null when it is not installed or not loadable: turn detection then does without it.</summary>
    public static IEndOfTurnModel? Load(ModelStore store, ILogger logger)
    {
        try
        {
            var resolved = store.Resolve(CatalogName, ModelRole.EndOfTurn);
            logger.LogInformation("Audio end-of-turn scoring uses {Model}", resolved.Path);
            return new SmartTurnEndOfTurnModel(resolved.Path);
        }
        catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException or InvalidModelFileException or FileNotFoundException)
        {
            logger.LogWarning("Smart Turn is unavailable ({Reason}); fix: omnia pull {Name}", e.Message, CatalogName);
            return null;
        }
    }
}
