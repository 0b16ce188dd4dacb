using Omnia.Catalog;
using Omnia.Core.Tests.Models.Download;
using Omnia.Models;
using Omnia.Models.Download;
using Omnia.Tests;

namespace Omnia.Core.Tests.Models.Sources;

/// <summary>
/// <c>omnia pull --hf-cache</c>: a download is stored in the Hugging Face cache exactly as huggingface_hub lays it out,
/// linked into the models directory, found there by its verified hash, and never downloaded twice.
/// </summary>
public sealed class PullIntoHuggingFaceCacheTests : IAsyncLifetime
{
    private const string Commit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private const string StoriesSha256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
    private readonly DirectoryInfo _hubCache = Directory.CreateTempSubdirectory("omnia-hf-write-");
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-models-");
    private readonly VerificationLedger _ledger = new(null);
    private readonly byte[] _stories = File.ReadAllBytes(TestPaths.Stories260K);
    private HubMirrorServer _hub = null!;

    private string RepoDirectory => Path.Combine(_hubCache.FullName, "models--ggml-org--tiny-llamas");

    public async Task InitializeAsync()
    {
        _hub = await HubMirrorServer.StartAsync();
        _hub.Serve("ggml-org/tiny-llamas/resolve/main/stories260K.gguf", _stories);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _hubCache.Delete(recursive: true);
        _models.Delete(recursive: true);
    }

    private ModelStore Store(string? modelsDirectory = null, ModelCatalog? catalog = null) =>
        new(modelsDirectory ?? _models.FullName, catalog ?? ModelCatalog.BuiltIn, _ledger,
            new ModelSources { HuggingFaceCacheDir = _hubCache.FullName, Ollama = false, LmStudio = false });

    private ModelDownloader Downloader(ModelStore store) =>
        new(store, new ModelDownloadOptions { Endpoint = _hub.BaseAddress, HubCacheDirectory = _hubCache.FullName, RetryDelay = TimeSpan.Zero });

    /// <summary>Every entry under the cache, relative, with where each link points.</summary>
    private List<string> CacheLayout() =>
        _hubCache.EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(i => Path.GetRelativePath(_hubCache.FullName, i.FullName) + (i.LinkTarget is { } target ? " -> " + target : i is DirectoryInfo ? "/" : ""))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task A_download_is_stored_as_blob_snapshot_link_and_ref_and_the_models_directory_links_to_it()
    {
        _hub.RepoCommit = Commit;
        using var downloader = Downloader(Store());

        var result = Assert.Single(await downloader.PullAsync(["stories260k"]));

        Assert.Equal((ModelPullOutcome.Downloaded, StoriesSha256), (result.Outcome, result.Sha256));
        Assert.Equal(
        [
            "models--ggml-org--tiny-llamas/",
            "models--ggml-org--tiny-llamas/blobs/",
            $"models--ggml-org--tiny-llamas/blobs/{StoriesSha256}",
            "models--ggml-org--tiny-llamas/refs/",
            "models--ggml-org--tiny-llamas/refs/main",
            "models--ggml-org--tiny-llamas/snapshots/",
            $"models--ggml-org--tiny-llamas/snapshots/{Commit}/",
            $"models--ggml-org--tiny-llamas/snapshots/{Commit}/stories260K.gguf -> ../../blobs/{StoriesSha256}",
        ], CacheLayout());
        Assert.Equal(Commit, File.ReadAllText(Path.Combine(RepoDirectory, "refs", "main")));
        Assert.Equal(_stories, File.ReadAllBytes(Path.Combine(RepoDirectory, "blobs", StoriesSha256)));
        var snapshot = Path.Combine(RepoDirectory, "snapshots", Commit, "stories260K.gguf");
        Assert.Equal(snapshot, new FileInfo(Path.Combine(_models.FullName, "stories260K.gguf")).LinkTarget);
        Assert.Equal(["stories260K.gguf"], _models.GetFileSystemInfos().Select(f => f.Name));
    }

    [Fact]
    public async Task Discovery_finds_the_stored_file_by_its_verified_hash_without_the_models_directory_link()
    {
        _hub.RepoCommit = Commit;
        using (var downloader = Downloader(Store())) await downloader.PullAsync(["stories260k"]);
        var elsewhere = Directory.CreateTempSubdirectory("omnia-models-empty-");
        try
        {
            var store = Store(elsewhere.FullName);

            var resolved = store.Resolve("stories260k", ModelRole.Chat);

            Assert.Equal((Path.Combine(RepoDirectory, "snapshots", Commit, "stories260K.gguf"), ModelOrigin.HuggingFaceCache), (resolved.Path, resolved.Origin));
            Assert.True(_ledger.IsVerified(new FileInfo(resolved.Path), StoriesSha256));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_second_pull_skips_the_download_and_a_removed_link_is_restored_from_the_cache()
    {
        using var downloader = Downloader(Store());
        await downloader.PullAsync(["stories260k"]);

        var second = Assert.Single(await downloader.PullAsync(["stories260k"]));
        File.Delete(Path.Combine(_models.FullName, "stories260K.gguf"));
        var third = Assert.Single(await downloader.PullAsync(["stories260k"]));

        Assert.Equal(ModelPullOutcome.AlreadyInstalled, second.Outcome);
        Assert.Equal(ModelPullOutcome.Linked, third.Outcome);
        Assert.Single(_hub.Requests);
        Assert.Equal(ModelOrigin.ModelsDir, Store().Resolve("stories260k", ModelRole.Chat).Origin);
    }

    [Fact]
    public async Task Without_a_commit_from_the_hub_the_snapshot_is_named_by_the_revision_and_no_ref_is_written()
    {
        using var downloader = Downloader(Store());

        await downloader.PullAsync(["stories260k"]);

        Assert.Equal($"../../blobs/{StoriesSha256}", new FileInfo(Path.Combine(RepoDirectory, "snapshots", "main", "stories260K.gguf")).LinkTarget);
        Assert.False(Directory.Exists(Path.Combine(RepoDirectory, "refs")));
    }

    [Fact]
    public async Task A_file_in_a_repository_subfolder_links_to_its_blob_from_that_depth_and_verifies_by_the_blobs_name()
    {
        // No catalog hash: the hub-reported SHA-256 is checked, then the blob's name vouches for the file.
        var entry = new CatalogEntry
        {
            Name = "tiny", Role = ModelRole.Chat, File = "tiny.gguf",
            Source = new ModelSource { Repo = "someone/tiny", Path = "weights/q8/tiny.gguf" },
        };
        var catalog = new ModelCatalog([entry]);
        _hub.Redirect("someone/tiny/resolve/main/weights/q8/tiny.gguf", new Uri(_hub.BaseAddress, "cdn/tiny"), StoriesSha256, _stories.Length);
        _hub.Serve("cdn/tiny", _stories);
        _hub.RepoCommit = Commit;
        using var downloader = Downloader(Store(catalog: catalog));

        var result = Assert.Single(await downloader.PullAsync(["tiny"]));
        var snapshot = Path.Combine(_hubCache.FullName, "models--someone--tiny", "snapshots", Commit, "weights", "q8", "tiny.gguf");

        Assert.Equal(ModelPullOutcome.Downloaded, result.Outcome);
        Assert.Equal($"../../../../blobs/{StoriesSha256}", new FileInfo(snapshot).LinkTarget);
        Assert.Equal(_stories, File.ReadAllBytes(snapshot));
        var fresh = new ModelStore(_models.FullName, catalog, new VerificationLedger(null),
            new ModelSources { HuggingFaceCacheDir = _hubCache.FullName, Ollama = false, LmStudio = false });
        Assert.Equal(StoriesSha256, fresh.ExpectedSha256(entry, snapshot));
        Assert.Equal(snapshot, Store(Path.Combine(_hubCache.FullName, "none"), catalog).Resolve("tiny", ModelRole.Chat).Path);
    }
}
