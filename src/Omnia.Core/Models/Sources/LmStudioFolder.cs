namespace Omnia.Models.Sources;

/// <summary>LM Studio's models folder, read in place: <c>{publisher}/{repo}/*.gguf</c>, plain files.</summary>
/// <param name="directories">Lists the folder's subfolders and remembers those that cannot be read.</param>
public sealed class LmStudioFolder(string directory, StoreDirectoryReader? directories = null)
{
    private readonly StoreDirectoryReader _directories = directories ?? new StoreDirectoryReader();

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary><c>~/.lmstudio/models</c>.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lmstudio", "models");

    /// <summary>Every <c>.gguf</c> two levels down (publisher, repository), in a stable order.</summary>
    public IEnumerable<string> Ggufs() =>
        _directories.Directories(Directory)
            .SelectMany(publisher => _directories.Directories(publisher))
            .SelectMany(repo => _directories.Files(repo, "*.gguf"))
            .Order(StringComparer.Ordinal);
}
