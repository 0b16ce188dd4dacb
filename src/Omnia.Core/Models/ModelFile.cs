namespace Omnia.Models;

/// <summary>
/// A model path judged by what it names: symbolic links (a models directory linked from elsewhere, the Hugging Face
/// cache's snapshots) are followed to their final target, so sizes, times and hashes are the target's, never the link's.
/// </summary>
public static class ModelFile
{
    /// <summary>The file at <paramref name="path"/> with links followed; null when nothing is there or a link leads nowhere.</summary>
    public static FileInfo? Resolve(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null) return info.Exists ? info : null;
        try
        {
            return info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target ? target : null;
        }
        catch (IOException)
        {
            // A loop of links names no file.
            return null;
        }
    }

    /// <summary>True when <paramref name="path"/> is a symbolic link whose final target is missing (or is not a file).</summary>
    public static bool IsDanglingLink(string path) => new FileInfo(path).LinkTarget is not null && Resolve(path) is null;

    /// <summary>Says which link leads nowhere and where it points, for the operator who must fix it.</summary>
    public static string DanglingLinkMessage(string path) =>
        $"'{path}' is a symbolic link to '{new FileInfo(path).LinkTarget}', which does not exist (or is not a file); it is skipped.";
}
