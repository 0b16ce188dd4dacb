using Omnia.Catalog;

namespace Omnia.Core.Tests.Catalog;

public sealed class ModelCatalogTests
{
    [Fact]
    public void The_built_in_catalog_has_the_shared_models_with_their_hashes()
    {
        var stories = ModelCatalog.BuiltIn.Find("stories260k")!;
        var vad = ModelCatalog.BuiltIn.Find("silero-vad")!;

        Assert.Equal(("stories260K.gguf", ModelRole.Chat), (stories.File, stories.Role));
        Assert.Equal("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d", stories.Sha256);
        Assert.Equal("ggml-org/tiny-llamas", stories.Source.Repo);
        Assert.Equal(ModelRole.VoiceActivity, vad.Role);
        Assert.NotNull(vad.Source.Url);
    }

    [Fact]
    public void Smart_turn_is_pinned_to_a_revision_with_its_size_hash_and_licence()
    {
        var turn = ModelCatalog.BuiltIn.Find("smart-turn-v3")!;

        Assert.Equal(("smart-turn-v3.2-cpu.onnx", ModelRole.EndOfTurn, "BSD-2-Clause"), (turn.File, turn.Role, turn.Licence));
        Assert.Equal(("pipecat-ai/smart-turn-v3", "smart-turn-v3.2-cpu.onnx", "f766f81d3cfdf7737ac64aad813d91bbfd56bf93"),
            (turn.Source.Repo, turn.Source.Path, turn.Source.Revision));
        Assert.Equal((8_679_182L, "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f"), (turn.Size!.Value, turn.Sha256));
        Assert.Equal(23, turn.Languages.Count);
    }

    [Fact]
    public void Names_are_case_insensitive_and_close_names_are_suggested()
    {
        Assert.NotNull(ModelCatalog.BuiltIn.Find("Stories260K"));
        Assert.Null(ModelCatalog.BuiltIn.Find("stories"));
        Assert.Equal("stories260k", ModelCatalog.BuiltIn.ClosestNames("storys260k")[0]);
    }

    [Fact]
    public void A_chat_model_brings_its_projector_and_a_piper_voice_its_config()
    {
        var catalog = ModelCatalog.BuiltIn;

        Assert.Equal(["qwen2.5-omni-3b", "qwen2.5-omni-3b-mmproj"], catalog.WithDependencies(catalog.Find("qwen2.5-omni-3b")!).Select(e => e.Name));
        var voice = catalog.WithDependencies(catalog.Find("piper-en-us-lessac-medium")!);
        Assert.Equal([("en_US-lessac-medium.onnx", ModelRole.TextToSpeech), ("en_US-lessac-medium.onnx.json", ModelRole.Config)], voice.Select(e => (e.File, e.Role)));
    }

    [Fact]
    public void Defaults_name_an_omni_chat_model_a_transcriber_a_voice_and_a_vad()
    {
        var roles = ModelCatalog.BuiltIn.Defaults.Select(n => ModelCatalog.BuiltIn.Find(n)!.Role);

        Assert.Equal([ModelRole.Chat, ModelRole.SpeechToText, ModelRole.TextToSpeech, ModelRole.VoiceActivity], roles);
    }

    [Fact]
    public void Every_built_in_entry_has_a_source_and_a_well_formed_hash_when_it_has_one()
    {
        foreach (var entry in ModelCatalog.BuiltIn.Entries)
        {
            Assert.True(entry.Source.Repo is not null && entry.Source.Path is not null || entry.Source.Url is not null, entry.Name);
            if (entry.Sha256 is { } sha) Assert.Matches("^[0-9a-f]{64}$", sha);
            Assert.Single(ModelCatalog.BuiltIn.Entries, e => e.File == entry.File);
        }
    }

    [Fact]
    public void A_catalog_that_names_a_missing_projector_is_refused()
    {
        var entry = new CatalogEntry { Name = "a", Role = ModelRole.Chat, File = "a.gguf", Projector = "nope" };

        var error = Assert.Throws<InvalidDataException>(() => new ModelCatalog([entry]));

        Assert.Contains("'nope'", error.Message);
    }
}
