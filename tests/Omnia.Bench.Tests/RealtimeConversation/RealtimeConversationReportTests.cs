using Omnia.Bench.PromptCache;
using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class RealtimeConversationReportTests
{
    private static readonly RealtimeBenchOptions Options = new()
    {
        Mode = RealtimeBenchMode.Conversation,
        Turns = 3,
        ChatModel = new BenchChatModel("0.5b", "/models/qwen2.5-0.5b-random.gguf", 32768),
        ModelsDir = "models",
        CliDll = "omnia.dll",
    };

    [Fact]
    public void Each_turn_gets_a_row_with_its_tokens_and_the_turns_get_percentiles_and_verdicts()
    {
        var run = new ConversationRun(
            [Turns.Answered(1, 300, 120, 0), Turns.Answered(2, 310, 220, 118), new ConversationTurn(3) { Errors = ["boom | bang"] }],
            TimeSpan.FromSeconds(42), null);

        var text = RealtimeConversationReport.Format(Options, "server: test", run, 0.5);
        var lines = text.Split('\n');

        Assert.Contains("max_output_tokens 24", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("| 2 ", StringComparison.Ordinal) && l.Contains("| 220 ", StringComparison.Ordinal) && l.Contains("| 118 ", StringComparison.Ordinal));
        var stuck = Assert.Single(lines, l => l.StartsWith("| 3 ", StringComparison.Ordinal));
        Assert.Contains("stuck", stuck, StringComparison.Ordinal);
        Assert.Contains("boom / bang", stuck, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("| first audio delta", StringComparison.Ordinal) && l.Contains("| 2 ", StringComparison.Ordinal) && l.Contains("| 300 ", StringComparison.Ordinal));
        Assert.Contains("Every turn answered without an error: no (2 of 3). Session open 42.0 s, still open at the end.", text, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("| end of speech → first audio p50", StringComparison.Ordinal) && l.Contains("| pass", StringComparison.Ordinal));
    }

    [Fact]
    public void Unbounded_answers_and_a_close_by_the_server_are_said()
    {
        var run = Turns.Run(300) with { ClosedBy = "1006 (no close frame)" };

        var text = RealtimeConversationReport.Format(Options with { MaxOutputTokens = null }, "server: test", run, 0.5);

        Assert.Contains("max_output_tokens inf", text, StringComparison.Ordinal);
        Assert.Contains("closed by the server (1006 (no close frame))", text, StringComparison.Ordinal);
        Assert.Contains("| session open (unbounded answers), s", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_latency_target_is_reported_only()
    {
        var text = RealtimeConversationReport.Format(Options with { ChatModel = new BenchChatModel("3b", "/m/3b.gguf", 32768) }, "server: test", Turns.Run(4000), 0.5);

        Assert.Contains("3b: latency reported only (no target).", text, StringComparison.Ordinal);
        Assert.DoesNotContain("first audio p50", text, StringComparison.Ordinal);
    }
}
