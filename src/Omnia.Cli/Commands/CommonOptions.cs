using System.CommandLine;

namespace Omnia.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static Option<string?> ModelsDir() => new("--models-dir")
    {
        Description = "Directory of model files (default: $OMNIA_MODELS_DIR, else ~/.cache/omnia/models).",
    };
}
