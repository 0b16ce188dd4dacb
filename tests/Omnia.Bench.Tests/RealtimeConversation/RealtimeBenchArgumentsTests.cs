namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class RealtimeBenchArgumentsTests
{
    [Theory]
    [InlineData("inf", null)]
    [InlineData("INF", null)]
    [InlineData("24", 24)]
    [InlineData("1", 1)]
    public void Max_output_tokens_are_a_positive_count_or_inf_for_unbounded(string text, int? expected)
    {
        Assert.True(RealtimeBenchArguments.TryParseMaxOutputTokens(text, out var tokens));
        Assert.Equal(expected, tokens);
        Assert.Equal(expected, RealtimeBenchArguments.MaxOutputTokens(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("infinite")]
    [InlineData("")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(RealtimeBenchArguments.TryParseMaxOutputTokens(text, out _));
        Assert.Throws<ArgumentException>(() => RealtimeBenchArguments.MaxOutputTokens(text));
    }

    [Theory]
    [InlineData("latency", null, 30)]
    [InlineData("conversation", null, 10)]
    [InlineData("soak", null, 10)]
    [InlineData("Conversation", 12, 12)]
    [InlineData("LATENCY", 0, 1)]
    public void Turns_default_by_mode_and_are_at_least_one(string mode, int? given, int expected) =>
        Assert.Equal(expected, RealtimeBenchArguments.Turns(RealtimeBenchArguments.Mode(mode), given));

    [Fact]
    public void A_request_timeout_reaches_the_started_server_and_none_leaves_its_default()
    {
        var options = new RealtimeBenchOptions
        {
            ChatModel = new Omnia.Bench.PromptCache.BenchChatModel("stories", "s.gguf", 2048),
            ModelsDir = "models",
            CliDll = "omnia.dll",
        };

        Assert.Empty(options.ServerArguments());
        Assert.Equal(["--request-timeout", "30"], (options with { RequestTimeoutSeconds = 30 }).ServerArguments());
    }

    [Fact]
    public void A_random_weight_bench_model_is_served_with_the_word_rule_for_the_end_of_turn()
    {
        var options = new RealtimeBenchOptions
        {
            ChatModel = new Omnia.Bench.PromptCache.BenchChatModel("0.5b", "q.gguf", 32768),
            ModelsDir = "models",
            CliDll = "omnia.dll",
        };

        Assert.Equal(["--end-of-turn", "words"], options.ServerArguments());
    }
}
