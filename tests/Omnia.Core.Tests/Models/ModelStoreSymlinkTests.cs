using Omnia.Catalog;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Core.Tests.Models;

/// <summary>A models directory whose files are symbolic links is judged by the files the links point to.</summary>
public sealed class ModelStoreSymlinkTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("omnia-links-");
    private readonly VerificationLedger _ledger = new(null);

    public void Dispose() => _directory.Delete(recursive: true);

    private ModelStore Store() => new(_directory.FullName, ModelCatalog.BuiltIn, _ledger);

    private string Link(string name, string target)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    [Fact]
    public void Catalog_files_linked_from_elsewhere_are_installed_and_verified_by_their_targets()
    {
        // One absolute link, one relative (as `ln -s ../shared/models/...` makes them).
        var vad = Link("silero_vad.onnx", TestPaths.SileroVad);
        var stories = Link("stories260K.gguf", Path.GetRelativePath(_directory.FullName, TestPaths.Stories260K));
        var store = Store();

        var listed = store.List().ToDictionary(m => m.Name);
        var resolvedVad = store.Resolve("silero-vad", ModelRole.VoiceActivity);
        var resolvedStories = store.Resolve("stories260k", ModelRole.Chat);

        Assert.Equal(ModelFileStatus.Installed, listed["silero-vad"].Status);
        Assert.Equal(2327524, listed["silero-vad"].Bytes);
        Assert.Equal(ModelFileStatus.Installed, listed["stories260k"].Status);
        Assert.Equal(1185376, listed["stories260k"].Bytes);
        Assert.Equal(vad, resolvedVad.Path);
        Assert.Equal(stories, resolvedStories.Path);
        Assert.True(_ledger.IsVerified(new FileInfo(stories), resolvedStories.Entry!.Sha256!));
        Assert.Equal("stories260k", store.FindDefaultChatModel()!.Name);
    }

    [Fact]
    public void A_dangling_link_is_reported_by_name_and_never_resolved()
    {
        var stories = Link("stories260K.gguf", Path.Combine(_directory.FullName, "gone", "stories260K.gguf"));
        Link("other.gguf", Path.Combine(_directory.FullName, "gone", "other.gguf"));
        var store = Store();

        var listed = store.List().ToDictionary(m => m.Name);
        var error = Assert.Throws<ModelNotFoundException>(() => store.Resolve("stories260k", ModelRole.Chat));
        var byPath = Assert.Throws<ModelNotFoundException>(() => store.Resolve(stories, ModelRole.Chat));
        var byFileName = Assert.Throws<ModelNotFoundException>(() => store.Resolve("other", ModelRole.Chat));

        Assert.Equal(ModelFileStatus.Dangling, listed["stories260k"].Status);
        Assert.Equal(ModelFileStatus.Dangling, listed["other"].Status);
        Assert.Contains("symbolic link", error.Message);
        Assert.Contains(stories, error.Message);
        Assert.Contains("gone", error.Message);
        Assert.Contains("symbolic link", byPath.Message);
        Assert.Contains("other.gguf", byFileName.Message);
        Assert.Null(store.FindDefaultChatModel());
    }

    [Fact]
    public void A_link_to_a_file_of_the_wrong_size_is_refused_by_the_targets_size()
    {
        var wrong = Path.Combine(_directory.FullName, "elsewhere.bin");
        File.WriteAllBytes(wrong, new byte[10]);
        Link("stories260K.gguf", wrong);

        var error = Assert.Throws<ModelIntegrityException>(() => Store().Resolve("stories260k", ModelRole.Chat));

        Assert.Contains("is 10 bytes", error.Message);
        Assert.Contains(wrong, error.Message);
    }

    [Fact]
    public void The_ledger_keys_a_link_by_its_targets_size_and_time()
    {
        var target = Path.Combine(_directory.FullName, "target.gguf");
        File.WriteAllBytes(target, [1, 2, 3]);
        var link = new FileInfo(Link("linked.gguf", target));
        _ledger.Record(link, "abc");
        Assert.True(_ledger.IsVerified(link, "abc"));

        // The link itself is untouched; only what it points to changes, and that must be hashed again.
        File.WriteAllBytes(target, [1, 2, 3, 4]);

        Assert.False(_ledger.IsVerified(new FileInfo(link.FullName), "abc"));
    }
}
