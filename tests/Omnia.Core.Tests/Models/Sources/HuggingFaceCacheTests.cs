using System.Security.Cryptography;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Models.Download;
using Omnia.Tests;

namespace Omnia.Core.Tests.Models.Sources;

/// <summary>Models already in the Hugging Face hub cache are used in place, found by their catalog source and verified.</summary>
public sealed class HuggingFaceCacheTests : IDisposable
{
    private readonly HubCacheLayout _hub = new();
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-models-");
    private readonly VerificationLedger _ledger = new(null);

    public void Dispose()
    {
        _hub.Dispose();
        _models.Delete(recursive: true);
    }

    private ModelStore Store(ModelCatalog? catalog = null, bool hubCache = true) =>
        new(_models.FullName, catalog ?? ModelCatalog.BuiltIn, _ledger, new ModelSources { HuggingFaceCache = hubCache, HuggingFaceCacheDir = _hub.Directory });

    private string AddStories(byte[]? content = null) =>
        _hub.Add("ggml-org/tiny-llamas", "stories260K.gguf", content ?? File.ReadAllBytes(TestPaths.Stories260K));

    [Fact]
    public void A_catalog_model_in_the_cache_is_found_by_its_source_verified_and_served_in_place()
    {
        var cached = AddStories();
        var store = Store();

        var resolved = store.Resolve("stories260k", ModelRole.Chat);
        var listed = store.List().Single(m => m.Name == "stories260k");

        Assert.Equal(cached, resolved.Path);
        Assert.Equal(ModelOrigin.HuggingFaceCache, resolved.Origin);
        Assert.True(_ledger.IsVerified(new FileInfo(cached), resolved.Entry!.Sha256!));
        Assert.Equal((ModelFileStatus.Installed, ModelOrigin.HuggingFaceCache, 1185376L), (listed.Status, listed.Origin, listed.Bytes));
        Assert.Equal("stories260k", store.FindDefaultChatModel()!.Name);
        Assert.Empty(_models.GetFileSystemInfos());
    }

    [Fact]
    public void The_models_directory_comes_first()
    {
        AddStories();
        File.CreateSymbolicLink(Path.Combine(_models.FullName, "stories260K.gguf"), TestPaths.Stories260K);

        var resolved = Store().Resolve("stories260k", ModelRole.Chat);

        Assert.Equal(ModelOrigin.ModelsDir, resolved.Origin);
    }

    [Fact]
    public void A_truncated_or_corrupt_blob_is_refused_by_name_and_never_loaded()
    {
        var bytes = File.ReadAllBytes(TestPaths.Stories260K);
        var corrupt = (byte[])bytes.Clone();
        corrupt[1000] ^= 0xFF;
        var cached = AddStories(corrupt);
        var store = Store();

        var error = Assert.Throws<ModelNotFoundException>(() => store.Resolve("stories260k", ModelRole.Chat));

        Assert.Contains(cached, error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.Null(store.FindDefaultChatModel());
    }

    [Fact]
    public void Without_a_catalog_hash_the_blobs_name_is_the_hash_it_is_verified_against()
    {
        var entry = new CatalogEntry
        {
            Name = "tiny", Role = ModelRole.Chat, File = "tiny.gguf",
            Source = new ModelSource { Repo = "someone/tiny", Path = "tiny.gguf" },
        };
        var catalog = new ModelCatalog([entry]);
        byte[] content = [1, 2, 3, 4];
        var cached = _hub.Add("someone/tiny", "tiny.gguf", content);

        var resolved = Store(catalog).Resolve("tiny", ModelRole.Chat);

        Assert.Equal(cached, resolved.Path);
        Assert.True(_ledger.IsVerified(new FileInfo(cached), Convert.ToHexStringLower(SHA256.HashData(content))));
    }

    [Fact]
    public void A_blob_whose_content_does_not_match_its_name_is_refused()
    {
        var entry = new CatalogEntry
        {
            Name = "tiny", Role = ModelRole.Chat, File = "tiny.gguf",
            Source = new ModelSource { Repo = "someone/tiny", Path = "tiny.gguf" },
        };
        _hub.Add("someone/tiny", "tiny.gguf", [1, 2, 3, 4], blobName: new string('a', 64));

        var error = Assert.Throws<ModelNotFoundException>(() => Store(new ModelCatalog([entry])).Resolve("tiny", ModelRole.Chat));

        Assert.Contains("blob's name", error.Message);
    }

    [Fact]
    public void A_snapshot_whose_blob_is_missing_is_reported_as_dangling_and_skipped()
    {
        var catalogCopy = AddStories();
        var other = _hub.Add("someone/gone-GGUF", "gone.gguf", [1, 2, 3]);
        var served = _hub.Add("someone/my-model-GGUF", "my-model.gguf", File.ReadAllBytes(TestPaths.Stories260K));
        File.Delete(new FileInfo(catalogCopy).ResolveLinkTarget(returnFinalTarget: true)!.FullName);
        File.Delete(new FileInfo(other).ResolveLinkTarget(returnFinalTarget: true)!.FullName);
        var store = Store();

        var listed = store.List().ToDictionary(m => m.Name);
        var error = Assert.Throws<ModelNotFoundException>(() => store.Resolve("stories260k", ModelRole.Chat));

        Assert.Equal(ModelFileStatus.Missing, listed["stories260k"].Status);
        Assert.Equal((ModelFileStatus.Dangling, other), (listed["gone"].Status, listed["gone"].Path));
        Assert.Contains(catalogCopy, error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.Throws<ModelNotFoundException>(() => store.Resolve("gone", ModelRole.Chat));
        Assert.Equal(served, store.FindDefaultChatModel()!.Path);
    }

    [Fact]
    public void Other_ggufs_in_the_cache_are_listed_and_resolved_by_file_name()
    {
        var cached = _hub.Add("someone/my-model-GGUF", "my-model.Q4_K_M.gguf", File.ReadAllBytes(TestPaths.Stories260K));
        var store = Store();

        var listed = store.List().Single(m => m.Name == "my-model.Q4_K_M");
        var resolved = store.Resolve("my-model.Q4_K_M", ModelRole.Chat);

        Assert.Equal((ModelFileStatus.Installed, ModelOrigin.HuggingFaceCache), (listed.Status, listed.Origin));
        Assert.Equal(cached, resolved.Path);
        Assert.Equal("my-model.Q4_K_M", store.FindDefaultChatModel()!.Name);
    }

    [Fact]
    public void A_cache_switched_off_is_not_searched()
    {
        AddStories();

        var store = Store(hubCache: false);

        Assert.Throws<ModelNotFoundException>(() => store.Resolve("stories260k", ModelRole.Chat));
        Assert.Equal(ModelFileStatus.Missing, store.List().Single(m => m.Name == "stories260k").Status);
    }

    [Fact]
    public async Task Pull_links_a_verified_cached_copy_instead_of_downloading()
    {
        var cached = AddStories();
        var store = Store();
        var unreachable = new ModelDownloadOptions { Endpoint = new Uri("http://127.0.0.1:1/"), MaxAttempts = 1, RetryDelay = TimeSpan.Zero };
        using var downloader = new ModelDownloader(store, unreachable);

        var result = Assert.Single(await downloader.PullAsync(["stories260k"]));

        Assert.Equal(ModelPullOutcome.Linked, result.Outcome);
        var linked = new FileInfo(Path.Combine(_models.FullName, "stories260K.gguf"));
        Assert.Equal(cached, linked.LinkTarget);
        Assert.Equal(ModelOrigin.ModelsDir, store.Resolve("stories260k", ModelRole.Chat).Origin);
    }
}
