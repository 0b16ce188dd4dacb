namespace Omnia.Models.Sources;

/// <summary>
/// The Hugging Face hub cache, read in place: <c>models--{org}--{name}/snapshots/{commit}/{path}</c>, each file a
/// symbolic link into <c>blobs/</c>, where a large (LFS) file is named by its SHA-256. <see cref="Store"/> adds a
/// verified download in the same layout, so huggingface_hub and <c>llama.cpp -hf</c> find it too.
/// </summary>
/// <param name="directories">Lists the cache's folders and remembers those that cannot be read.</param>
public sealed class HuggingFaceCache(string directory, StoreDirectoryReader? directories = null)
{
    private readonly StoreDirectoryReader _directories = directories ?? new StoreDirectoryReader();

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary><c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c> (as huggingface_hub decides).</summary>
    public static string DefaultDirectory =>
        Env("HF_HUB_CACHE") ?? Path.Combine(
            Env("HF_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface"),
            "hub");

    /// <summary>
    /// The cached copies of <paramref name="path"/> in <paramref name="repo"/>: the snapshot <c>refs/{revision}</c>
    /// names first, then other snapshots. Links that lead nowhere are included, so the caller can report them.
    /// </summary>
    public IEnumerable<string> Find(string repo, string path, string revision)
    {
        var repoDirectory = RepoDirectory(repo);
        var snapshots = Path.Combine(repoDirectory, "snapshots");
        var pinned = ReadRef(repoDirectory, revision);
        return Snapshots(snapshots)
            .OrderBy(s => Path.GetFileName(s) == pinned ? 0 : 1)
            .ThenBy(s => s, StringComparer.Ordinal)
            .Select(s => Path.Combine(s, path))
            .Where(p => File.Exists(p) || ModelFile.IsDanglingLink(p));
    }

    /// <summary>
    /// Moves a verified download into the cache as huggingface_hub lays it out and returns its snapshot path:
    /// <c>blobs/{sha256}</c>, <c>snapshots/{commit}/{path}</c> as a relative link to the blob (the folder is named by
    /// <paramref name="revision"/> when the commit is not known), and <c>refs/{revision}</c> naming the commit when it is.
    /// </summary>
    /// <param name="file">The verified file; it is moved, so nothing is stored twice.</param>
    public string Store(string repo, string revision, string? commit, string path, string file, string sha256)
    {
        var repoDirectory = RepoDirectory(repo);
        var blob = Path.Combine(repoDirectory, "blobs", sha256);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        // A blob already there under this name may be truncated or altered; the verified file replaces it.
        File.Move(file, blob, overwrite: true);

        var snapshotFile = Path.Combine(repoDirectory, "snapshots", commit ?? revision, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(snapshotFile)!);
        File.Delete(snapshotFile);
        File.CreateSymbolicLink(snapshotFile, Path.GetRelativePath(Path.GetDirectoryName(snapshotFile)!, blob));

        if (commit is not null && commit != revision)
        {
            var reference = Path.Combine(repoDirectory, "refs", revision);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(reference)!);
            File.WriteAllText(reference, commit);
        }
        return snapshotFile;
    }

    /// <summary>Every <c>.gguf</c> of every cached snapshot, in a stable order.</summary>
    public IEnumerable<string> Ggufs()
    {
        return _directories.Directories(Directory, "models--*")
            .SelectMany(repo => Snapshots(Path.Combine(repo, "snapshots")))
            .SelectMany(snapshot => _directories.Files(snapshot, "*.gguf", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// The SHA-256 the hub gave a large file: the name of the blob its snapshot link points to; null when the file is
    /// not such a link (a small file's blob is named by its git hash, which is not 64 hex digits).
    /// </summary>
    public static string? BlobSha256(string path)
    {
        var target = ModelFile.Resolve(path);
        if (target is null || target.FullName == Path.GetFullPath(path) || target.Directory?.Name != "blobs") return null;
        return target.Name is { Length: 64 } name && name.All(char.IsAsciiHexDigit) ? name.ToLowerInvariant() : null;
    }

    private string RepoDirectory(string repo) => Path.Combine(Directory, "models--" + repo.Replace("/", "--", StringComparison.Ordinal));

    private IReadOnlyList<string> Snapshots(string snapshots) => _directories.Directories(snapshots);

    private static string? ReadRef(string repoDirectory, string revision)
    {
        try
        {
            var file = Path.Combine(repoDirectory, "refs", revision);
            return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
