using Omnia.Catalog;
using Omnia.Models;
using Omnia.Models.Sources;
using Omnia.Tests;

namespace Omnia.Core.Tests.Models.Sources;

/// <summary>A folder of another tool's store that cannot be read is reported by name and skipped; the rest is still served.</summary>
public sealed class UnreadableStoreDirectoryTests : IDisposable
{
    private readonly HubCacheLayout _hub = new();
    private readonly OllamaLayout _ollama = new();
    private readonly DirectoryInfo _lmStudio = Directory.CreateTempSubdirectory("omnia-lmstudio-");
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-models-");
    private readonly DenyingDirectoryReaderFake _directories = new();
    private readonly byte[] _stories = File.ReadAllBytes(TestPaths.Stories260K);

    public void Dispose()
    {
        _hub.Dispose();
        _ollama.Dispose();
        _lmStudio.Delete(recursive: true);
        _models.Delete(recursive: true);
    }

    private ModelStore Store(bool hubCache = false, bool ollama = false, bool lmStudio = false) =>
        new(_models.FullName, ModelCatalog.BuiltIn, new VerificationLedger(null), new ModelSources
        {
            HuggingFaceCache = hubCache, HuggingFaceCacheDir = _hub.Directory,
            Ollama = ollama, OllamaDir = _ollama.Directory,
            LmStudio = lmStudio, LmStudioDir = _lmStudio.FullName,
        }, _directories);

    private string Deny(params string[] parts)
    {
        var path = Path.Combine(parts);
        _directories.Denied.Add(path);
        return path;
    }

    [Fact]
    public void An_unreadable_repository_of_the_hugging_face_cache_is_reported_and_the_other_repositories_served()
    {
        _hub.Add("someone/secret-GGUF", "secret.gguf", _stories);
        var open = _hub.Add("someone/open-GGUF", "open.gguf", _stories);
        var denied = Deny(_hub.Directory, "models--someone--secret-GGUF", "snapshots");
        var store = Store(hubCache: true);

        var listed = store.List().Where(m => m.Origin == ModelOrigin.HuggingFaceCache).Select(m => m.Name);
        var chosen = store.FindDefaultChatModel();

        Assert.Equal(["open"], listed);
        Assert.Equal(open, chosen!.Path);
        var unreadable = Assert.Single(store.UnreadableDirectories);
        Assert.Equal(denied, unreadable.Path);
        Assert.Contains("denied", unreadable.Reason);
    }

    [Fact]
    public void An_unreadable_ollama_namespace_is_reported_and_the_library_served()
    {
        _ollama.Add("someone/secret", "latest", _stories);
        var blob = _ollama.Add("stories", "260k", _stories);
        var denied = Deny(_ollama.Directory, "manifests", "registry.ollama.ai", "someone");
        var store = Store(ollama: true);

        var listed = store.List().Where(m => m.Origin == ModelOrigin.Ollama).Select(m => m.Name);

        Assert.Equal(["stories:260k"], listed);
        Assert.Equal(blob, store.Resolve("stories:260k", ModelRole.Chat).Path);
        Assert.Equal(denied, Assert.Single(store.UnreadableDirectories).Path);
    }

    [Fact]
    public void An_unreadable_lm_studio_publisher_is_reported_and_the_other_publishers_served()
    {
        foreach (var publisher in new[] { "private", "public" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(_lmStudio.FullName, publisher, "stories-GGUF"));
            File.WriteAllBytes(Path.Combine(folder.FullName, $"{publisher}.gguf"), _stories);
        }
        var denied = Deny(_lmStudio.FullName, "private");
        var store = Store(lmStudio: true);

        Assert.Equal("public", store.FindDefaultChatModel()!.Name);
        Assert.Equal(denied, Assert.Single(store.UnreadableDirectories).Path);
    }

    [Fact]
    public void A_folder_readable_again_is_no_longer_reported_and_missing_stores_are_not_problems()
    {
        _ollama.Add("someone/stories", "260k", _stories);
        var denied = Deny(_ollama.Directory, "manifests", "registry.ollama.ai", "someone");
        _lmStudio.Delete(recursive: true);
        var store = Store(hubCache: true, ollama: true, lmStudio: true);

        Assert.DoesNotContain(store.List(), m => m.Name == "someone/stories:260k");
        Assert.Equal(denied, Assert.Single(store.UnreadableDirectories).Path);

        _directories.Denied.Clear();
        Directory.CreateDirectory(_lmStudio.FullName);

        Assert.Contains(store.List(), m => m.Name == "someone/stories:260k");
        Assert.Empty(store.UnreadableDirectories);
    }
}
