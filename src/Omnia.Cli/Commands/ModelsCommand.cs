using System.CommandLine;
using Omnia.Catalog;
using Omnia.Models;

namespace Omnia.Cli.Commands;

/// <summary><c>omnia models</c>: what the models directory holds, against the catalog.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var modelsDir = CommonOptions.ModelsDir();
        var command = new Command("models", "List installed, missing and partial model files.") { modelsDir };
        command.SetAction(parse =>
        {
            var store = new ModelStore(parse.GetValue(modelsDir) ?? ModelStore.DefaultDirectory, ModelCatalog.BuiltIn);
            Console.WriteLine($"Models directory: {store.Directory}");
            Console.WriteLine($"{"NAME",-24} {"ROLE",-7} {"STATUS",-10} {"SIZE",10}  FILE");
            foreach (var model in store.List())
            {
                var size = model.Status == ModelFileStatus.Missing ? (model.Entry?.Size is { } s ? $"({Format(s)})" : "-") : Format(model.Bytes);
                Console.WriteLine($"{model.Name,-24} {model.Role,-7} {model.Status.ToString().ToLowerInvariant(),-10} {size,10}  {Path.GetFileName(model.Path)}");
            }
            return 0;
        });
        return command;
    }

    private static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };
}
