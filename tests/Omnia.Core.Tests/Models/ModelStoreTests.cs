using Omnia.Catalog;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Core.Tests.Models;

public sealed class ModelStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("omnia-store-");
    private readonly VerificationLedger _ledger = new(null);

    public void Dispose() => _directory.Delete(recursive: true);

    private ModelStore Store(string? directory = null) => new(directory ?? _directory.FullName, ModelCatalog.BuiltIn, _ledger);

    [Fact]
    public void A_catalog_name_resolves_to_its_verified_file_in_the_shared_models()
    {
        var resolved = Store(TestPaths.SharedModels).Resolve("stories260k", ModelRole.Chat);

        Assert.Equal(TestPaths.Stories260K, resolved.Path);
        Assert.Equal("stories260k", resolved.Name);
        Assert.True(_ledger.IsVerified(new FileInfo(TestPaths.Stories260K), resolved.Entry!.Sha256!));
    }

    [Fact]
    public void A_missing_catalog_file_says_where_to_put_it()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => Store().Resolve("stories260k", ModelRole.Chat));

        Assert.Contains("stories260K.gguf", error.Message);
        Assert.Contains(_directory.FullName, error.Message);
    }

    [Fact]
    public void A_catalog_file_with_the_wrong_content_is_never_used()
    {
        var fake = Path.Combine(_directory.FullName, "stories260K.gguf");
        File.WriteAllBytes(fake, new byte[1185376]);

        var error = Assert.Throws<ModelIntegrityException>(() => Store().Resolve("stories260k", ModelRole.Chat));

        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void A_truncated_catalog_file_is_refused_by_its_size()
    {
        File.WriteAllBytes(Path.Combine(_directory.FullName, "stories260K.gguf"), new byte[10]);

        Assert.Throws<ModelIntegrityException>(() => Store().Resolve("stories260k", ModelRole.Chat));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("..")]
    [InlineData("a\\b")]
    [InlineData("/stories260k")]
    [InlineData("user//model:tag")]
    [InlineData("user/./model")]
    [InlineData("user/model/")]
    public void Unsafe_names_are_refused(string name)
    {
        Assert.False(ModelName.IsSafe(name));
        Assert.ThrowsAny<Exception>(() => Store().Resolve(name, ModelRole.Chat));
    }

    [Fact]
    public void An_unknown_name_lists_close_catalog_names()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => Store().Resolve("storis260k", ModelRole.Chat));

        Assert.Contains("stories260k", error.Message);
    }

    [Fact]
    public void Listing_shows_installed_missing_and_partial_files_and_unknown_ggufs()
    {
        File.Copy(TestPaths.Stories260K, Path.Combine(_directory.FullName, "stories260K.gguf"));
        File.WriteAllBytes(Path.Combine(_directory.FullName, "silero_vad.onnx" + ModelStore.PartialSuffix), new byte[100]);
        File.WriteAllBytes(Path.Combine(_directory.FullName, "my-model.gguf"), new byte[5]);

        var listed = Store().List().ToDictionary(m => m.Name);

        Assert.Equal(ModelFileStatus.Installed, listed["stories260k"].Status);
        Assert.Equal(1185376, listed["stories260k"].Bytes);
        Assert.Equal(ModelFileStatus.Partial, listed["silero-vad"].Status);
        Assert.Equal(100, listed["silero-vad"].Bytes);
        Assert.Equal(ModelFileStatus.Installed, listed["my-model"].Status);
    }

    [Fact]
    public void The_default_chat_model_prefers_catalog_models_then_any_other_gguf()
    {
        Assert.Null(Store().FindDefaultChatModel());
        File.WriteAllBytes(Path.Combine(_directory.FullName, "zz.gguf"), new byte[5]);
        File.WriteAllBytes(Path.Combine(_directory.FullName, "mmproj-x.gguf"), new byte[5]);
        Assert.Equal("zz", Store().FindDefaultChatModel()!.Name);

        File.Copy(TestPaths.Stories260K, Path.Combine(_directory.FullName, "stories260K.gguf"));
        Assert.Equal("stories260k", Store().FindDefaultChatModel()!.Name);
    }

    [Fact]
    public void The_moderation_guard_is_never_taken_for_the_default_chat_model()
    {
        File.WriteAllBytes(Path.Combine(_directory.FullName, ModelCatalog.BuiltIn.Find("llama-guard-3-1b")!.File), new byte[5]);

        Assert.Null(Store().FindDefaultChatModel());
    }

    [Fact]
    public void A_verified_file_version_is_remembered_across_ledger_instances()
    {
        var ledgerFile = Path.Combine(_directory.FullName, "verified.json");
        var info = new FileInfo(TestPaths.Stories260K);
        new VerificationLedger(ledgerFile).Record(info, "abc");

        Assert.True(new VerificationLedger(ledgerFile).IsVerified(info, "abc"));
        Assert.False(new VerificationLedger(ledgerFile).IsVerified(info, "abd"));
    }

    [Fact]
    public void The_ledger_forgets_files_that_are_gone()
    {
        var ledgerFile = Path.Combine(_directory.FullName, "verified.json");
        var gone = Path.Combine(_directory.FullName, "gone.gguf");
        File.WriteAllBytes(gone, [1, 2, 3]);
        var goneInfo = new FileInfo(gone);
        var ledger = new VerificationLedger(ledgerFile);
        ledger.Record(goneInfo, "aaa");
        ledger.Record(new FileInfo(TestPaths.Stories260K), "bbb");
        File.Delete(gone);

        ledger = new VerificationLedger(ledgerFile);
        ledger.Record(new FileInfo(TestPaths.SileroVad), "ccc");

        Assert.DoesNotContain("gone.gguf", File.ReadAllText(ledgerFile));
        Assert.True(ledger.IsVerified(new FileInfo(TestPaths.Stories260K), "bbb"));
    }

    [Fact]
    public void A_hash_recorded_beside_a_file_without_a_catalog_hash_is_what_it_is_verified_against()
    {
        var entry = new CatalogEntry { Name = "voice", Role = ModelRole.TextToSpeech, File = "voice.onnx" };
        var store = new ModelStore(_directory.FullName, new ModelCatalog([entry]), _ledger);
        File.WriteAllBytes(store.PathOf(entry), [1, 2, 3]);
        store.RecordVerified(entry, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(new byte[] { 1, 2, 3 })));
        store.Resolve("voice", ModelRole.TextToSpeech);

        File.WriteAllBytes(store.PathOf(entry), [1, 2, 4]);

        Assert.Throws<ModelIntegrityException>(() => store.Resolve("voice", ModelRole.TextToSpeech));
    }
}
