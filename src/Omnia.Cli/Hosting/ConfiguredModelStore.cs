using Omnia.Catalog;
using Omnia.Models;
using Omnia.Models.Sources;

namespace Omnia.Cli.Hosting;

/// <summary>The model store the commands other than <c>serve</c> use: the same configuration decides which other stores are searched.</summary>
internal static class ConfiguredModelStore
{
    public static ModelStore Open(string? modelsDir)
    {
        var settings = Settings();
        return new ModelStore(modelsDir ?? settings.ModelsDir, ModelCatalog.BuiltIn, sources: settings.ModelSources);
    }

    /// <summary>
    /// The Hugging Face cache <c>omnia pull --hf-cache</c> writes to: <c>Omnia:ModelSources:HuggingFaceCacheDir</c>, else
    /// where huggingface_hub keeps it; the same one that is searched, whether or not searching it is switched on.
    /// </summary>
    public static string HubCacheDirectory() => Settings().ModelSources.HuggingFaceCacheDir ?? HuggingFaceCache.DefaultDirectory;

    private static ServeSettings Settings() => ServeSettings.FromConfiguration(ServeHost.LoadConfiguration());
}
