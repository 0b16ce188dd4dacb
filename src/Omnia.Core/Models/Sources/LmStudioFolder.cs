namespace Omnia.Models.Sources;

/// <summary>LM Studio's models folder, read in place: <c>{publisher}/{repo}/*.gguf</c>, plain files.</summary>
public sealed class LmStudioFolder(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary><c>~/.lmstudio/models</c>.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lmstudio", "models");

    /// <summary>Every <c>.gguf</c> two levels down (publisher, repository), in a stable order.</summary>
    public IEnumerable<string> Ggufs()
    {
        try
        {
            return System.IO.Directory.Exists(Directory)
                ? System.IO.Directory.EnumerateDirectories(Directory)
                    .SelectMany(System.IO.Directory.EnumerateDirectories)
                    .SelectMany(repo => System.IO.Directory.EnumerateFiles(repo, "*.gguf"))
                    .Order(StringComparer.Ordinal)
                    .ToList()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable folder holds nothing for us.
            return [];
        }
    }
}
