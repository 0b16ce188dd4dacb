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
    public void Names_are_case_insensitive_and_close_names_are_suggested()
    {
        Assert.NotNull(ModelCatalog.BuiltIn.Find("Stories260K"));
        Assert.Null(ModelCatalog.BuiltIn.Find("stories"));
        Assert.Equal("stories260k", ModelCatalog.BuiltIn.ClosestNames("storys260k")[0]);
    }
}
