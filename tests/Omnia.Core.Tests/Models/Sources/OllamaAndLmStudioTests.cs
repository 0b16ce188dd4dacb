using Omnia.Catalog;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Core.Tests.Models.Sources;

/// <summary>Ollama's and LM Studio's models are used in place; broken ones are reported by name and skipped.</summary>
public sealed class OllamaAndLmStudioTests : IDisposable
{
    private readonly OllamaLayout _ollama = new();
    private readonly DirectoryInfo _lmStudio = Directory.CreateTempSubdirectory("omnia-lmstudio-");
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-models-");
    private readonly byte[] _stories = File.ReadAllBytes(TestPaths.Stories260K);

    public void Dispose()
    {
        _ollama.Dispose();
        _lmStudio.Delete(recursive: true);
        _models.Delete(recursive: true);
    }

    private ModelStore Store(bool ollama = true, bool lmStudio = true) =>
        new(_models.FullName, ModelCatalog.BuiltIn, new VerificationLedger(null), new ModelSources
        {
            HuggingFaceCache = false,
            Ollama = ollama, OllamaDir = _ollama.Directory,
            LmStudio = lmStudio, LmStudioDir = _lmStudio.FullName,
        });

    private string AddLmStudio(string file, byte[] content)
    {
        var path = Path.Combine(_lmStudio.FullName, "someone", "tiny-GGUF", file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void An_ollama_model_is_named_as_ollama_names_it_and_comes_with_its_projector()
    {
        var blob = _ollama.Add("stories", "260k", _stories, projector: [9, 9, 9]);
        var store = Store();

        var resolved = store.Resolve("stories:260k", ModelRole.Chat);
        var listed = store.List().Single(m => m.Name == "stories:260k");

        Assert.Equal((blob, ModelOrigin.Ollama), (resolved.Path, resolved.Origin));
        Assert.NotNull(resolved.ProjectorPath);
        Assert.Equal([9, 9, 9], File.ReadAllBytes(resolved.ProjectorPath));
        Assert.Equal((ModelFileStatus.Installed, ModelOrigin.Ollama, (long)_stories.Length), (listed.Status, listed.Origin, listed.Bytes));
        Assert.Equal("stories:260k", store.FindDefaultChatModel()!.Name);
    }

    [Fact]
    public void Models_outside_the_library_are_named_as_ollama_shows_them_and_resolved_by_that_name()
    {
        var blob = _ollama.Add("someone/stories", "260k", _stories);
        _ollama.Add("hf.co/someone/stories-GGUF", "Q8_0", _stories);
        _ollama.Add("registry.ollama.ai/library/stories", "latest", _stories);
        var store = Store();

        var listed = store.List().Where(m => m.Origin == ModelOrigin.Ollama).Select(m => m.Name);
        var user = store.Resolve("someone/stories:260k", ModelRole.Chat);
        var otherRegistry = store.Resolve("hf.co/someone/stories-GGUF:Q8_0", ModelRole.Chat);

        Assert.Equal(["hf.co/someone/stories-GGUF:Q8_0", "someone/stories:260k", "stories:latest"], listed.Order(StringComparer.Ordinal));
        Assert.Equal((blob, ModelOrigin.Ollama, "someone/stories:260k"), (user.Path, user.Origin, user.Name));
        Assert.Equal((blob, "hf.co/someone/stories-GGUF:Q8_0"), (otherRegistry.Path, otherRegistry.Name));
        Assert.Throws<ModelNotFoundException>(() => store.Resolve("library/stories:latest", ModelRole.Chat));
    }

    [Fact]
    public void A_manifest_naming_a_missing_blob_is_reported_by_name_and_skipped()
    {
        var missing = _ollama.Add("gone", "latest", [1, 2, 3], writtenModel: _ => null);
        _ollama.Add("stories", "260k", _stories);
        var store = Store();

        var listed = store.List().Single(m => m.Name == "gone:latest");
        var error = Assert.Throws<ModelNotFoundException>(() => store.Resolve("gone:latest", ModelRole.Chat));

        Assert.Equal(ModelFileStatus.Dangling, listed.Status);
        Assert.Contains(missing, listed.Problem);
        Assert.Contains("gone:latest", error.Message);
        Assert.Equal("stories:260k", store.FindDefaultChatModel()!.Name);
    }

    [Fact]
    public void A_truncated_or_corrupt_blob_is_refused_by_the_manifests_size_and_digest()
    {
        _ollama.Add("truncated", "latest", _stories, writtenModel: b => b[..1000]);
        // Another content, so the two manifests name different blobs.
        _ollama.Add("corrupt", "latest", _stories[..5000], writtenModel: b => [.. b.Select((x, i) => i == 500 ? (byte)~x : x)]);
        var store = Store();

        var truncated = Assert.Throws<ModelIntegrityException>(() => store.Resolve("truncated:latest", ModelRole.Chat));
        var corrupt = Assert.Throws<ModelIntegrityException>(() => store.Resolve("corrupt:latest", ModelRole.Chat));

        Assert.Contains("is 1000 bytes", truncated.Message);
        Assert.Contains("SHA-256", corrupt.Message);
        Assert.Null(store.FindDefaultChatModel());
    }

    [Fact]
    public void A_blob_that_cannot_be_read_is_reported_by_name_and_skipped()
    {
        // A write-only sysctl refuses reading even to root (the tests run as root, for whom chmod 000 refuses nothing).
        const string Unreadable = "/proc/sys/vm/drop_caches";
        var blob = _ollama.Add("locked", "latest", [], writtenModel: _ => null);
        File.CreateSymbolicLink(blob, Unreadable);
        _ollama.Add("stories", "260k", _stories);
        var store = Store();

        var error = Assert.Throws<ModelNotFoundException>(() => store.Resolve("locked:latest", ModelRole.Chat));

        Assert.Contains(blob, error.Message);
        Assert.Contains("cannot be read", error.Message);
        Assert.Equal("stories:260k", store.FindDefaultChatModel()!.Name);
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_reported_by_name()
    {
        _ollama.WriteManifest("broken", "latest", "{not json");

        var listed = Store().List().Single(m => m.Name == "broken:latest");

        Assert.Equal(ModelFileStatus.Dangling, listed.Status);
        Assert.Contains("cannot be read", listed.Problem);
    }

    [Fact]
    public void An_lm_studio_model_is_found_with_the_projector_beside_it()
    {
        var model = AddLmStudio("tiny.Q8_0.gguf", _stories);
        var projector = AddLmStudio("mmproj-tiny-f16.gguf", [7]);
        var store = Store();

        var resolved = store.Resolve("tiny.Q8_0", ModelRole.Chat);
        var listed = store.List().Where(m => m.Origin == ModelOrigin.LmStudio).ToDictionary(m => m.Name);

        Assert.Equal((model, projector, ModelOrigin.LmStudio), (resolved.Path, resolved.ProjectorPath, resolved.Origin));
        Assert.Equal(ModelRole.Chat, listed["tiny.Q8_0"].Role);
        Assert.Equal(ModelRole.Projector, listed["mmproj-tiny-f16"].Role);
        Assert.Equal("tiny.Q8_0", store.FindDefaultChatModel()!.Name);
    }

    [Fact]
    public void An_lm_studio_link_to_a_missing_file_is_reported_as_dangling_and_skipped()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_lmStudio.FullName, "someone", "gone-GGUF"));
        var link = Path.Combine(folder.FullName, "gone.gguf");
        File.CreateSymbolicLink(link, Path.Combine(_lmStudio.FullName, "elsewhere", "gone.gguf"));
        var served = AddLmStudio("tiny.gguf", _stories);
        var store = Store();

        var error = Assert.Throws<ModelNotFoundException>(() => store.Resolve("gone", ModelRole.Chat));

        Assert.Equal(ModelFileStatus.Dangling, store.List().Single(m => m.Name == "gone").Status);
        Assert.Contains(link, error.Message);
        Assert.Contains("symbolic link", error.Message);
        Assert.Equal(served, store.FindDefaultChatModel()!.Path);
    }

    [Fact]
    public void Each_store_can_be_switched_off()
    {
        _ollama.Add("stories", "260k", _stories);
        AddLmStudio("tiny.gguf", _stories);

        var store = Store(ollama: false, lmStudio: false);

        Assert.DoesNotContain(store.List(), m => m.Origin is ModelOrigin.Ollama or ModelOrigin.LmStudio);
        Assert.Null(store.FindDefaultChatModel());
    }
}
