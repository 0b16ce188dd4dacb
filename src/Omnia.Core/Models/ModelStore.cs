using System.Security.Cryptography;
using Omnia.Catalog;
using Omnia.Models.Sources;

namespace Omnia.Models;

/// <summary>
/// The models directory: resolves catalog names and paths to files, verifies catalog files against their SHA-256
/// (once per file version, remembered in <see cref="VerificationLedger"/>), and lists what is installed. Files the
/// directory lacks are also looked for, read-only, in the stores of other tools that <see cref="ModelSources"/> enables.
/// </summary>
public sealed class ModelStore
{
    public const string PartialSuffix = ".partial";

    /// <summary>
    /// Beside a file whose catalog entry has no SHA-256: the hash the hub reported (or, failing that, the one computed)
    /// when it was pulled, in <c>sha256sum</c> format, so later runs verify against it.
    /// </summary>
    public const string Sha256Suffix = ".sha256";

    private readonly VerificationLedger _ledger;
    private readonly HuggingFaceCache? _hubCache;
    private readonly OllamaStore? _ollama;
    private readonly LmStudioFolder? _lmStudio;
    private readonly StoreDirectoryReader _directories;

    /// <param name="sources">Other stores to search after the directory; by default none.</param>
    /// <param name="directories">Lists the other stores' folders; by default the file system's own listing.</param>
    public ModelStore(string directory, ModelCatalog catalog, VerificationLedger? ledger = null, ModelSources? sources = null,
        StoreDirectoryReader? directories = null)
    {
        Directory = System.IO.Path.GetFullPath(directory);
        Catalog = catalog;
        _ledger = ledger ?? VerificationLedger.Default;
        _directories = directories ?? new StoreDirectoryReader();
        sources ??= ModelSources.None;
        _hubCache = sources.HuggingFaceCache ? new HuggingFaceCache(sources.HuggingFaceCacheDir ?? HuggingFaceCache.DefaultDirectory, _directories) : null;
        _ollama = sources.Ollama ? new OllamaStore(sources.OllamaDir ?? OllamaStore.DefaultDirectory, _directories) : null;
        _lmStudio = sources.LmStudio ? new LmStudioFolder(sources.LmStudioDir ?? LmStudioFolder.DefaultDirectory, _directories) : null;
    }

    public string Directory { get; }
    public ModelCatalog Catalog { get; }

    /// <summary>
    /// Folders of the other stores that could not be read when they were last searched (by <see cref="List"/>,
    /// <see cref="Resolve"/>, …); each was skipped and the rest searched.
    /// </summary>
    public IReadOnlyList<UnreadableDirectory> UnreadableDirectories => _directories.Unreadable;

    /// <summary>The default models directory: <c>OMNIA_MODELS_DIR</c>, else <c>$XDG_CACHE_HOME/omnia/models</c> or <c>~/.cache/omnia/models</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("OMNIA_MODELS_DIR") is { Length: > 0 } dir ? dir : System.IO.Path.Combine(CacheRoot, "models");

    public static string CacheRoot =>
        System.IO.Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "omnia");

    /// <summary>
    /// Resolves a <c>--chat-model</c>-style value: a path to a file, a catalog name, or the name of a file in the
    /// models directory (with or without its extension). Catalog files are verified before they are returned.
    /// </summary>
    public ResolvedModel Resolve(string nameOrPath, ModelRole role)
    {
        if (LooksLikePath(nameOrPath))
        {
            var path = System.IO.Path.GetFullPath(nameOrPath);
            ThrowIfDangling(path);
            if (!File.Exists(path))
            {
                // Ollama names models outside its library with slashes (user/model:tag); a file at that path comes first.
                if (ModelName.IsSafe(nameOrPath) && OllamaModels().FirstOrDefault(m => m.Name == nameOrPath) is { } ollamaNamed)
                    return ResolveOllama(ollamaNamed);
                throw new ModelNotFoundException($"Model file '{path}' does not exist.");
            }
            var entry = Catalog.Entries.FirstOrDefault(e => e.Role == role && string.Equals(e.File, System.IO.Path.GetFileName(path), StringComparison.Ordinal));
            if (entry is not null) Verify(entry, path);
            return new ResolvedModel(System.IO.Path.GetFileNameWithoutExtension(path), path, entry);
        }

        if (!ModelName.IsSafe(nameOrPath))
            throw new ModelNotFoundException($"'{nameOrPath}' is not a valid model name.");

        if (Catalog.Find(nameOrPath) is { } catalogEntry)
        {
            var path = System.IO.Path.Combine(Directory, catalogEntry.File);
            ThrowIfDangling(path);
            if (!File.Exists(path))
                return ResolveElsewhere(catalogEntry);
            Verify(catalogEntry, path);
            return new ResolvedModel(catalogEntry.Name, path, catalogEntry);
        }

        foreach (var candidate in new[] { nameOrPath, nameOrPath + ".gguf" })
        {
            var path = System.IO.Path.Combine(Directory, candidate);
            ThrowIfDangling(path);
            if (File.Exists(path))
                return new ResolvedModel(nameOrPath, path, null);
        }
        if (OtherHubCacheGgufs().FirstOrDefault(p => System.IO.Path.GetFileNameWithoutExtension(p) == nameOrPath) is { } cached)
        {
            ThrowIfDangling(cached);
            return new ResolvedModel(nameOrPath, cached, null, ModelOrigin.HuggingFaceCache);
        }
        if (OllamaModels().FirstOrDefault(m => m.Name == nameOrPath) is { } ollama)
            return ResolveOllama(ollama);
        if (LmStudioGgufs().FirstOrDefault(p => System.IO.Path.GetFileNameWithoutExtension(p) == nameOrPath) is { } lmStudio)
        {
            ThrowIfDangling(lmStudio);
            return LmStudioModel(lmStudio);
        }

        var close = Catalog.ClosestNames(nameOrPath);
        throw new ModelNotFoundException(
            $"Model '{nameOrPath}' is neither in the catalog nor in {Directory} (nor in the other stores searched). Close catalog names: {string.Join(", ", close)}.");
    }

    /// <summary>
    /// The first chat model found, in this order: catalog chat models in the directory, verified catalog chat models in
    /// the Hugging Face cache, any other <c>.gguf</c> that is not a projector in the directory, then in the cache, then
    /// the first Ollama model whose blobs verify, then the first LM Studio <c>.gguf</c>.
    /// </summary>
    public ResolvedModel? FindDefaultChatModel()
    {
        var chatEntries = Catalog.Entries.Where(e => e.Role == ModelRole.Chat).ToList();
        foreach (var entry in chatEntries)
        {
            var path = System.IO.Path.Combine(Directory, entry.File);
            if (ModelFile.Resolve(path) is not null) return new ResolvedModel(entry.Name, path, entry);
        }
        foreach (var entry in chatEntries)
        {
            try
            {
                return ResolveElsewhere(entry);
            }
            catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException)
            {
                // Not found, or every copy was refused: the next candidate is tried.
            }
        }

        if (FindOtherChatGguf() is { } other) return new ResolvedModel(System.IO.Path.GetFileNameWithoutExtension(other), other, null);
        if (OtherHubCacheGguf(chatOnly: true) is { } cached)
            return new ResolvedModel(System.IO.Path.GetFileNameWithoutExtension(cached), cached, null, ModelOrigin.HuggingFaceCache);
        foreach (var ollama in OllamaModels())
        {
            try
            {
                return ResolveOllama(ollama);
            }
            catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException)
            {
                // Listed with its problem; the next model is tried.
            }
        }
        var lmStudio = LmStudioGgufs().FirstOrDefault(p => !IsProjectorFile(p) && ModelFile.Resolve(p) is not null);
        return lmStudio is null ? null : LmStudioModel(lmStudio);
    }

    private IReadOnlyList<OllamaModel> OllamaModels() => _ollama?.Models() ?? [];

    private IEnumerable<string> LmStudioGgufs() => _lmStudio?.Ggufs() ?? [];

    private string? FindOtherChatGguf()
    {
        if (!System.IO.Directory.Exists(Directory)) return null;
        // A catalog file of another role (a projector, the moderation guard) is never a chat model.
        var otherRoleFiles = Catalog.Entries.Where(e => e.Role != ModelRole.Chat).Select(e => e.File).ToHashSet(StringComparer.Ordinal);
        var other = System.IO.Directory.EnumerateFiles(Directory, "*.gguf")
            .Where(p => !otherRoleFiles.Contains(System.IO.Path.GetFileName(p)) && !System.IO.Path.GetFileName(p).Contains("mmproj", StringComparison.OrdinalIgnoreCase))
            .Where(p => ModelFile.Resolve(p) is not null)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        return other;
    }

    /// <summary>Every catalog entry with its status, then files in the directory the catalog does not know.</summary>
    public IReadOnlyList<InstalledModel> List()
    {
        var result = new List<InstalledModel>();
        foreach (var entry in Catalog.Entries)
        {
            var path = System.IO.Path.Combine(Directory, entry.File);
            var partial = path + PartialSuffix;
            if (ModelFile.Resolve(path) is { } file) result.Add(new(entry.Name, entry.Role, path, ModelFileStatus.Installed, file.Length, entry));
            else if (ModelFile.IsDanglingLink(path)) result.Add(new(entry.Name, entry.Role, path, ModelFileStatus.Dangling, 0, entry));
            else if (File.Exists(partial)) result.Add(new(entry.Name, entry.Role, partial, ModelFileStatus.Partial, new FileInfo(partial).Length, entry));
            else if (CopiesElsewhere(entry).Select(p => (Path: p, File: ModelFile.Resolve(p))).FirstOrDefault(c => c.File is not null && (entry.Size is not { } size || c.File.Length == size)) is { File: { } found } copy)
                result.Add(new(entry.Name, entry.Role, copy.Path, ModelFileStatus.Installed, found.Length, entry, ModelOrigin.HuggingFaceCache));
            else result.Add(new(entry.Name, entry.Role, path, ModelFileStatus.Missing, 0, entry));
        }

        if (System.IO.Directory.Exists(Directory))
        {
            var known = Catalog.Entries.Select(e => e.File).ToHashSet(StringComparer.Ordinal);
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.gguf").Order(StringComparer.Ordinal))
            {
                if (known.Contains(System.IO.Path.GetFileName(path))) continue;
                var role = System.IO.Path.GetFileName(path).Contains("mmproj", StringComparison.OrdinalIgnoreCase) ? ModelRole.Projector : ModelRole.Chat;
                var file = ModelFile.Resolve(path);
                result.Add(new(System.IO.Path.GetFileNameWithoutExtension(path), role, path,
                    file is null ? ModelFileStatus.Dangling : ModelFileStatus.Installed, file?.Length ?? 0, null));
            }
        }

        foreach (var path in OtherHubCacheGgufs())
        {
            var role = System.IO.Path.GetFileName(path).Contains("mmproj", StringComparison.OrdinalIgnoreCase) ? ModelRole.Projector : ModelRole.Chat;
            var file = ModelFile.Resolve(path);
            result.Add(new(System.IO.Path.GetFileNameWithoutExtension(path), role, path,
                file is null ? ModelFileStatus.Dangling : ModelFileStatus.Installed, file?.Length ?? 0, null, ModelOrigin.HuggingFaceCache));
        }
        foreach (var model in OllamaModels())
        {
            var file = model.Problem is null ? ModelFile.Resolve(model.ModelPath) : null;
            result.Add(new(model.Name, ModelRole.Chat, model.ModelPath, file is null ? ModelFileStatus.Dangling : ModelFileStatus.Installed,
                file?.Length ?? 0, null, ModelOrigin.Ollama, model.Problem));
        }
        foreach (var path in LmStudioGgufs())
        {
            var file = ModelFile.Resolve(path);
            result.Add(new(System.IO.Path.GetFileNameWithoutExtension(path), IsProjectorFile(path) ? ModelRole.Projector : ModelRole.Chat, path,
                file is null ? ModelFileStatus.Dangling : ModelFileStatus.Installed, file?.Length ?? 0, null, ModelOrigin.LmStudio));
        }
        return result;
    }

    /// <summary>
    /// Copies of a catalog file in other stores, found by the entry's source (repository and path), not by name;
    /// nothing is trusted until <see cref="Verify"/> has checked it.
    /// </summary>
    public IEnumerable<string> CopiesElsewhere(CatalogEntry entry) =>
        _hubCache is not null && entry.Source.Repo is { } repo
            ? _hubCache.Find(repo, entry.Source.Path ?? entry.File, entry.Source.Revision)
            : [];

    /// <summary>The first copy of <paramref name="entry"/> in another store that verifies, or null.</summary>
    public string? VerifiedCopyElsewhere(CatalogEntry entry)
    {
        try
        {
            return ResolveElsewhere(entry).Path;
        }
        catch (ModelNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The first copy elsewhere that verifies; refused copies are named in the error when none does.</summary>
    private ResolvedModel ResolveElsewhere(CatalogEntry entry)
    {
        var refused = new List<string>();
        foreach (var copy in CopiesElsewhere(entry))
        {
            try
            {
                Verify(entry, copy);
                return new ResolvedModel(entry.Name, copy, entry, ModelOrigin.HuggingFaceCache);
            }
            catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException)
            {
                refused.Add(e.Message);
            }
        }
        throw new ModelNotFoundException(
            $"Model '{entry.Name}' is not installed: put {entry.File} into {Directory}" +
            $" (or run `omnia pull {entry.Name}`, or pass --models-dir)." +
            (refused.Count > 0 ? $" Copies found elsewhere were refused: {string.Join(" ", refused)}" : ""));
    }

    /// <summary>The hub cache's <c>.gguf</c> files that are no catalog entry's file (those are found by their source).</summary>
    private IEnumerable<string> OtherHubCacheGgufs()
    {
        if (_hubCache is null) return [];
        var known = Catalog.Entries.Select(e => System.IO.Path.GetFileName(e.Source.Path ?? e.File)).ToHashSet(StringComparer.Ordinal);
        known.UnionWith(Catalog.Entries.Select(e => e.File));
        return _hubCache.Ggufs().Where(p => !known.Contains(System.IO.Path.GetFileName(p)));
    }

    private string? OtherHubCacheGguf(bool chatOnly) =>
        OtherHubCacheGgufs().FirstOrDefault(p =>
            (!chatOnly || !System.IO.Path.GetFileName(p).Contains("mmproj", StringComparison.OrdinalIgnoreCase)) && ModelFile.Resolve(p) is not null);

    /// <summary>Where a catalog entry's file lives in this directory.</summary>
    public string PathOf(CatalogEntry entry) => System.IO.Path.Combine(Directory, entry.File);

    /// <summary>
    /// The SHA-256 a catalog file must have: the catalog's, else the one recorded beside the file (at
    /// <paramref name="path"/>, by default its place in this directory) when it was pulled.
    /// </summary>
    public string? ExpectedSha256(CatalogEntry entry, string? path = null)
    {
        if (entry.Sha256 is not null) return entry.Sha256;
        // In the hub cache the blob's name is the hash the hub published for the file.
        if (path is not null && HuggingFaceCache.BlobSha256(path) is { } published) return published;
        var sidecar = (path ?? PathOf(entry)) + Sha256Suffix;
        try
        {
            var recorded = File.Exists(sidecar) ? File.ReadAllText(sidecar).Split(' ', 2)[0].Trim() : null;
            return recorded is { Length: 64 } && recorded.All(char.IsAsciiHexDigit) ? recorded.ToLowerInvariant() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Remembers that a freshly pulled file has <paramref name="sha256"/>: in the ledger, and beside the file when the
    /// catalog does not know the hash itself.
    /// </summary>
    public void RecordVerified(CatalogEntry entry, string sha256)
    {
        var path = PathOf(entry);
        if (entry.Sha256 is null)
            File.WriteAllText(path + Sha256Suffix, $"{sha256}  {entry.File}\n");
        _ledger.Record(new FileInfo(path), sha256);
    }

    /// <summary>
    /// Checks size and SHA-256 against the catalog (or the recorded hash), hashing a given file version only once; a
    /// link is judged by the file it points to.
    /// </summary>
    public void Verify(CatalogEntry entry, string path) =>
        Verify(path, entry.Size, $"catalog entry '{entry.Name}'", ExpectedSha256(entry, path),
            entry.Sha256 is not null ? $"catalog entry '{entry.Name}'" : HuggingFaceCache.BlobSha256(path) is not null ? "its blob's name" : "the hash recorded when it was pulled");

    private void Verify(string path, long? size, string sizeSource, string? expected, string hashSource)
    {
        ThrowIfDangling(path);
        var info = ModelFile.Resolve(path) ?? throw new ModelNotFoundException($"Model file '{path}' does not exist.");
        var shown = info.FullName == System.IO.Path.GetFullPath(path) ? path : $"{path} (a link to {info.FullName})";
        if (size is { } expectedSize && info.Length != expectedSize)
            throw new ModelIntegrityException($"{shown} is {info.Length} bytes but {sizeSource} says {expectedSize}: the file is incomplete or different; it will not be loaded.");
        if (expected is null || _ledger.IsVerified(info, expected)) return;

        string actual;
        try
        {
            using var stream = File.OpenRead(path);
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another tool's store may belong to another user (Ollama's service account): skipped, never fatal.
            throw new ModelNotFoundException($"{shown} cannot be read ({e.Message}); it is skipped.");
        }
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new ModelIntegrityException($"{shown} has SHA-256 {actual} but {hashSource} is {expected}; it will not be loaded.");
        _ledger.Record(info, actual);
    }

    /// <summary>An Ollama model, its blobs checked against the sizes and digests its manifest gives.</summary>
    private ResolvedModel ResolveOllama(OllamaModel model)
    {
        if (model.Problem is not null)
            throw new ModelNotFoundException($"Ollama model '{model.Name}' is skipped: {model.Problem}.");
        var manifest = $"Ollama's manifest of '{model.Name}'";
        Verify(model.ModelPath, model.ModelSize >= 0 ? model.ModelSize : null, manifest, model.ModelSha256, $"the digest in {manifest}");
        if (model.ProjectorPath is not null)
            Verify(model.ProjectorPath, model.ProjectorSize >= 0 ? model.ProjectorSize : null, manifest, model.ProjectorSha256, $"the digest in {manifest}");
        return new ResolvedModel(model.Name, model.ModelPath, null, ModelOrigin.Ollama, model.ProjectorPath);
    }

    /// <summary>An LM Studio file, with the projector (an <c>mmproj*.gguf</c>) that sits beside it, if any.</summary>
    private static ResolvedModel LmStudioModel(string path)
    {
        var projector = System.IO.Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(path)!, "*.gguf")
            .Where(IsProjectorFile).Order(StringComparer.Ordinal).FirstOrDefault();
        return new ResolvedModel(System.IO.Path.GetFileNameWithoutExtension(path), path, null, ModelOrigin.LmStudio, projector);
    }

    private static bool IsProjectorFile(string path) => System.IO.Path.GetFileName(path).Contains("mmproj", StringComparison.OrdinalIgnoreCase);

    private static void ThrowIfDangling(string path)
    {
        if (ModelFile.IsDanglingLink(path)) throw new ModelNotFoundException(ModelFile.DanglingLinkMessage(path));
    }

    private static bool LooksLikePath(string value) =>
        value.Contains('/') || value.Contains('\\') || value.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) && File.Exists(value);
}
