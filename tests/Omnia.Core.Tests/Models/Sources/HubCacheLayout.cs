using System.Security.Cryptography;

namespace Omnia.Core.Tests.Models.Sources;

/// <summary>
/// A Hugging Face hub cache in a temporary directory, laid out as huggingface_hub writes it: blobs named by SHA-256,
/// snapshot files as relative links to them, and <c>refs/main</c> naming the snapshot.
/// </summary>
public sealed class HubCacheLayout : IDisposable
{
    private readonly DirectoryInfo _root = System.IO.Directory.CreateTempSubdirectory("omnia-hf-hub-");

    public string Directory => _root.FullName;

    /// <summary>Adds <paramref name="content"/> as <paramref name="path"/> of <paramref name="repo"/>; returns the snapshot path.</summary>
    /// <param name="blobName">The blob's name; by default the content's SHA-256, as the hub names LFS files.</param>
    public string Add(string repo, string path, byte[] content, string commit = "0123456789abcdef0123456789abcdef01234567", string? blobName = null)
    {
        var repoDirectory = Path.Combine(Directory, "models--" + repo.Replace("/", "--"));
        var blob = Path.Combine(repoDirectory, "blobs", blobName ?? Convert.ToHexStringLower(SHA256.HashData(content)));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        File.WriteAllBytes(blob, content);
        var snapshotFile = Path.Combine(repoDirectory, "snapshots", commit, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(snapshotFile)!);
        File.CreateSymbolicLink(snapshotFile, Path.GetRelativePath(Path.GetDirectoryName(snapshotFile)!, blob));
        System.IO.Directory.CreateDirectory(Path.Combine(repoDirectory, "refs"));
        File.WriteAllText(Path.Combine(repoDirectory, "refs", "main"), commit);
        return snapshotFile;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
