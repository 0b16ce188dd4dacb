using System.CommandLine;
using Omnia.Cli.Hosting;
using Omnia.Cli.Pull;
using Omnia.Models;

namespace Omnia.Cli.Commands;

/// <summary><c>omnia models</c>: what the models directory holds, against the catalog; links are shown with their targets.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var modelsDir = CommonOptions.ModelsDir();
        var command = new Command("models", "List installed, missing and partial model files.") { modelsDir };
        command.SetAction(parse =>
        {
            var store = ConfiguredModelStore.Open(parse.GetValue(modelsDir));
            Console.WriteLine($"Models directory: {store.Directory}");
            Console.WriteLine($"{"NAME",-34} {"ROLE",-10} {"STATUS",-10} {"SIZE",21}  FILE");
            foreach (var model in store.List())
            {
                var size = model.Status switch
                {
                    ModelFileStatus.Missing or ModelFileStatus.Dangling => model.Entry?.Size is { } s ? $"({ByteSize.Format(s)})" : "-",
                    ModelFileStatus.Partial when model.Entry?.Size is { } s => $"{ByteSize.Format(model.Bytes)} of {ByteSize.Format(s)}",
                    _ => ByteSize.Format(model.Bytes),
                };
                Console.WriteLine($"{model.Name,-34} {model.Role,-10} {model.Status.ToString().ToLowerInvariant(),-10} {size,21}  {(model.Origin == ModelOrigin.ModelsDir ? FileColumn(model.Path) : $"{model.Path} ({Origin(model.Origin)})")}");
                if (model.Problem is not null) Console.WriteLine($"    skipped: {model.Problem}");
            }
            foreach (var unreadable in store.UnreadableDirectories)
                Console.WriteLine($"skipped: folder {unreadable.Path} cannot be read ({unreadable.Reason}); the rest was searched");
            return 0;
        });
        return command;
    }

    private static string Origin(ModelOrigin origin) => origin switch
    {
        ModelOrigin.HuggingFaceCache => "Hugging Face cache",
        ModelOrigin.Ollama => "Ollama",
        ModelOrigin.LmStudio => "LM Studio",
        _ => "models directory",
    };

    /// <summary>The file's name, and where it points when it is a link (a dangling one is fixed there).</summary>
    private static string FileColumn(string path) =>
        new FileInfo(path).LinkTarget is { } target ? $"{Path.GetFileName(path)} -> {target}" : Path.GetFileName(path);
}
