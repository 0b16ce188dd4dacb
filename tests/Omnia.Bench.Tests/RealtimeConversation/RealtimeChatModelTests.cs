using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class RealtimeChatModelTests
{
    [Theory]
    [InlineData("stories260k", "stories")]
    [InlineData("Stories260K", "stories")]
    [InlineData("0.5b", "0.5b")]
    [InlineData("3B", "3b")]
    [InlineData("/models/qwen.gguf", null)]
    public void Bench_model_names_map_to_the_generated_models_and_anything_else_is_a_path(string value, string? expected) =>
        Assert.Equal(expected, RealtimeChatModel.BenchName(value));

    [Fact]
    public void A_name_or_an_existing_file_is_accepted_and_a_missing_file_is_refused_with_the_choices()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Null(RealtimeChatModel.Problem("0.5b"));
            Assert.Null(RealtimeChatModel.Problem(file));
            var problem = RealtimeChatModel.Problem("7b");
            Assert.NotNull(problem);
            Assert.Contains("stories260k, 0.5b, 3b", problem, StringComparison.Ordinal);
            Assert.Contains("'7b'", problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_gguf_path_is_served_under_its_file_name_with_its_trained_context()
    {
        var stories = Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), "..", "shared", "models", "stories260K.gguf"));

        var model = RealtimeChatModel.Resolve(stories, RepositoryRoot.Find(), "omnia.dll", TextWriter.Null);

        Assert.Equal("stories260K", model.Name);
        Assert.Equal(stories, model.Path);
        Assert.True(model.TrainedContext > 0);
    }
}
