namespace Omnia.Models.Sources;

/// <summary>LM Studio's models folder, read in place: <c>{publisher}/{repo}/*.gguf</c>, plain files.</summary>
public sealed class LmStudioFolder(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary><c>~/.lmstudio/models</c>.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lmstudio", "models");

    /// <summary>Every <c>.gguf</c> two levels down (publisher, repository), in a stable order.</summary>
    public IEnumerable<string> Ggufs() =>
        Enumerate(() => System.IO.Directory.EnumerateDirectories(Directory))
            .SelectMany(publisher => Enumerate(() => System.IO.Directory.EnumerateDirectories(publisher)))
            .SelectMany(repo => Enumerate(() => System.IO.Directory.EnumerateFiles(repo, "*.gguf")))
            .Order(StringComparer.Ordinal);

    /// <summary>A folder that is missing or cannot be read holds nothing for us; the others are still searched.</summary>
    private static IReadOnlyList<string> Enumerate(Func<IEnumerable<string>> enumerate)
    {
        try
        {
            return enumerate().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
