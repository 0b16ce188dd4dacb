using Omnia.Bench.PromptCache;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class ConversationReportTests
{
    private static readonly ConversationBenchOptions Options = new()
    {
        Model = new BenchChatModel("0.5b", "/models/qwen.gguf", 32768),
        Turns = 2,
        CliDll = "omnia.dll",
    };

    [Fact]
    public void Each_shape_gets_a_row_per_turn_and_its_targets_with_a_verdict()
    {
        var single = new ConversationShapeResult(ConversationShape.Single, 1,
            [new TurnMeasurement(0, 1, 400, 0, 2400), new TurnMeasurement(0, 2, 700, 390, 2000)],
            [new TurnMeasurement(0, 1, 400, 0, 2400), new TurnMeasurement(0, 2, 700, 0, 24000)], 1.0);
        var concurrent = new ConversationShapeResult(ConversationShape.Concurrent, 8,
            [new TurnMeasurement(0, 1, 400, 0, 3000), new TurnMeasurement(0, 2, 700, 100, 9000)], null, 1.0);

        var text = ConversationReport.Format(Options, [single, concurrent], ["a note"]);

        Assert.Contains("- a note", text, StringComparison.Ordinal);
        Assert.Contains("### one conversation", text, StringComparison.Ordinal);
        Assert.Contains("### 8 conversations at once", text, StringComparison.Ordinal);
        var offOverOn = Assert.Single(Lines(text), l => l.StartsWith("| first token cache off / on at turn 2", StringComparison.Ordinal));
        Assert.Contains("one conversation", offOverOn, StringComparison.Ordinal);
        Assert.Contains("| pass", offOverOn, StringComparison.Ordinal);
        Assert.Equal(2, Lines(text).Count(l => l.Contains("8 conversations at once", StringComparison.Ordinal) && l.Contains("| FAIL", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_server_gets_a_slot_per_conversation_and_a_context_for_every_turn()
    {
        Assert.Equal(8, Options.Parallel);
        Assert.Equal(1, Options.Conversations(ConversationShape.Single));
        Assert.Equal(2, Options.Conversations(ConversationShape.Interleaved));
        Assert.Equal(2, (Options with { Shapes = [ConversationShape.Single] }).Parallel);
        Assert.Equal(16, (Options with { ServerParallel = 16 }).Parallel);
        // 12 turns of the 0.5B model reach ~3,900 tokens; stories260K is capped at its 2,048.
        Assert.InRange((Options with { Turns = 12 }).ServerContext, 4096, 5120);
        Assert.Equal(2048, (Options with { Turns = 12, Model = new BenchChatModel("stories", "s.gguf", 2048) }).ServerContext);
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n');
}
