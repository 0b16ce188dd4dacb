using System.Net;
using Omnia.Catalog;
using Omnia.Models.Sources;

namespace Omnia.Models.Download;

/// <summary>
/// Pulls catalog files into a <see cref="ModelStore"/>: from Hugging Face (or a mirror), resumable, verified, and
/// several files at once. Files already installed and verified are left alone. With
/// <see cref="ModelDownloadOptions.HubCacheDirectory"/> a verified download is moved into the Hugging Face cache and
/// the models directory gets a link to it.
/// </summary>
/// <remarks>
/// Thread-safe: pulls may run concurrently, but two pulls of the same file at the same time are not coordinated
/// (both write the same <c>.partial</c>), so a caller pulls a given file from one place at a time.
/// </remarks>
public sealed class ModelDownloader : IDisposable
{
    private readonly ModelStore _store;
    private readonly ModelDownloadOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    public ModelDownloader(ModelStore store, ModelDownloadOptions? options = null, TimeProvider? time = null)
    {
        _store = store;
        _options = options ?? ModelDownloadOptions.FromEnvironment();
        _time = time ?? TimeProvider.System;
        if (_options.MaxParallelFiles < 1 || _options.MaxAttempts < 1)
            throw new ArgumentException("MaxParallelFiles and MaxAttempts must be at least 1.", nameof(options));
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.ConnectTimeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("omnia/0.1");
    }

    /// <summary>
    /// The catalog entries <paramref name="names"/> stand for, with their projectors and companions.
    /// A name the catalog does not have throws <see cref="ModelNotFoundException"/> listing close names, before anything is fetched.
    /// </summary>
    public IReadOnlyList<CatalogEntry> Resolve(IEnumerable<string> names)
    {
        var entries = new List<CatalogEntry>();
        var unknown = new List<string>();
        foreach (var name in names)
        {
            if (_store.Catalog.Find(name) is { } entry) entries.AddRange(_store.Catalog.WithDependencies(entry).Where(e => !entries.Contains(e)));
            else unknown.Add($"'{name}' is not in the model catalog (close names: {string.Join(", ", _store.Catalog.ClosestNames(name))})");
        }
        if (unknown.Count > 0)
            throw new ModelNotFoundException($"{string.Join("; ", unknown)}. `omnia models` lists every name.");
        return entries;
    }

    /// <summary>Pulls the named models and what they need; each file's outcome is in the result, failures included.</summary>
    public Task<IReadOnlyList<ModelPullResult>> PullAsync(IEnumerable<string> names, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        PullAsync(Resolve(names), progress, cancellationToken);

    /// <summary>Pulls <paramref name="entries"/>, at most <see cref="ModelDownloadOptions.MaxParallelFiles"/> at a time.</summary>
    public async Task<IReadOnlyList<ModelPullResult>> PullAsync(IReadOnlyList<CatalogEntry> entries, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var slots = new SemaphoreSlim(_options.MaxParallelFiles);
        var pulls = entries.Select(async entry =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await PullOneAsync(entry, progress, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        return await Task.WhenAll(pulls);
    }

    /// <summary>Pulls one file, resuming and retrying a cut or stalled transfer up to <see cref="ModelDownloadOptions.MaxAttempts"/> times.</summary>
    public async Task<ModelPullResult> PullOneAsync(CatalogEntry entry, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var path = _store.PathOf(entry);
        if (await IsVerifiedInstalledAsync(entry, progress, cancellationToken))
            return new ModelPullResult(entry, path, ModelPullOutcome.AlreadyInstalled, _store.ExpectedSha256(entry), null);

        try
        {
            Directory.CreateDirectory(_store.Directory);
            if (await Task.Run(() => _store.VerifiedCopyElsewhere(entry), cancellationToken) is { } copy)
            {
                LinkInto(path, copy);
                progress?.Report(new ModelDownloadProgress(entry.Name, entry.File, ModelDownloadPhase.Done, entry.Size ?? 0, entry.Size, 0, null));
                return new ModelPullResult(entry, path, ModelPullOutcome.Linked, _store.ExpectedSha256(entry, copy), null);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var (sha, commit) = await new FileTransfer(_http, _store, entry, _options, _time, progress).RunAsync(cancellationToken);
                    if (_options.HubCacheDirectory is { } hubCache && entry.Source.Repo is { } repo)
                        StoreInHubCache(new HuggingFaceCache(hubCache), repo, commit, entry, sha);
                    return new ModelPullResult(entry, path, ModelPullOutcome.Downloaded, sha, null);
                }
                catch (ModelDownloadException e) when (e.IsTransient && attempt < _options.MaxAttempts)
                {
                    await Task.Delay(_options.RetryDelay, _time, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is ModelDownloadException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            var message = e is ModelDownloadException ? e.Message : $"{entry.Name}: {e.Message}";
            progress?.Report(new ModelDownloadProgress(entry.Name, entry.File, ModelDownloadPhase.Failed, 0, entry.Size, 0, null));
            return new ModelPullResult(entry, path, ModelPullOutcome.Failed, null, message);
        }
    }

    /// <summary>False when the file is missing or fails verification (then it is downloaded again, and replaced only by a verified copy).</summary>
    private async Task<bool> IsVerifiedInstalledAsync(CatalogEntry entry, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var path = _store.PathOf(entry);
        // A dangling link counts as missing: the verified download replaces the link itself.
        if (ModelFile.Resolve(path) is not { } file) return false;
        var length = file.Length;
        progress?.Report(new ModelDownloadProgress(entry.Name, entry.File, ModelDownloadPhase.Checking, 0, length, 0, null));
        try
        {
            await Task.Run(() => _store.Verify(entry, path), cancellationToken);
        }
        catch (Exception e) when (e is ModelIntegrityException or ModelNotFoundException)
        {
            // Different, or unreadable: a verified download replaces it.
            return false;
        }
        progress?.Report(new ModelDownloadProgress(entry.Name, entry.File, ModelDownloadPhase.Done, length, length, 0, null));
        return true;
    }

    /// <summary>
    /// Moves the verified download from the models directory into the hub cache and links it back, then records the
    /// blob as verified, so the next run neither downloads nor hashes it again.
    /// </summary>
    private void StoreInHubCache(HuggingFaceCache hubCache, string repo, string? commit, CatalogEntry entry, string sha256)
    {
        var path = _store.PathOf(entry);
        var snapshot = hubCache.Store(repo, entry.Source.Revision, commit, entry.Source.Path ?? entry.File, path, sha256);
        LinkInto(path, snapshot);
        _store.RecordVerified(entry, sha256);
    }

    /// <summary>
    /// Links a verified copy into the models directory instead of downloading it again; what was at
    /// <paramref name="path"/> (nothing, a dangling link, a file that failed verification) is replaced.
    /// </summary>
    private static void LinkInto(string path, string copy)
    {
        File.Delete(path);
        File.CreateSymbolicLink(path, copy);
    }

    public void Dispose() => _http.Dispose();
}
