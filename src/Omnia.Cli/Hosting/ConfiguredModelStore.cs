using Omnia.Catalog;
using Omnia.Models;

namespace Omnia.Cli.Hosting;

/// <summary>The model store the commands other than <c>serve</c> use: the same configuration decides which other stores are searched.</summary>
internal static class ConfiguredModelStore
{
    public static ModelStore Open(string? modelsDir)
    {
        var settings = ServeSettings.FromConfiguration(ServeHost.LoadConfiguration());
        return new ModelStore(modelsDir ?? settings.ModelsDir, ModelCatalog.BuiltIn, sources: settings.ModelSources);
    }
}
