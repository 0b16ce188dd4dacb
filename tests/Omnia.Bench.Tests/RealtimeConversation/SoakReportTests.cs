using Omnia.Bench.PromptCache;
using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class SoakReportTests
{
    private static readonly RealtimeBenchOptions Options = new()
    {
        Mode = RealtimeBenchMode.Soak,
        ChatModel = new BenchChatModel("stories", "/models/stories260K.gguf", 2048),
        ModelsDir = "models",
        CliDll = "omnia.dll",
        SoakSessions = 2,
    };

    [Fact]
    public void Clean_sessions_with_flat_memory_pass()
    {
        var sessions = new[] { Clean(1), Clean(2) };

        // Growing while the histories fill (100 → 120), flat after (120 → 125), back under the start once closed.
        var text = SoakReport.Format(Options, "server: test", sessions, Rss([100 << 20, 120 << 20, 125 << 20], afterIdle: 90 << 20), TimeSpan.FromMinutes(2), 0.4);

        Assert.All(SoakReport.Targets(sessions, Rss([100, 120, 125], afterIdle: 90)), t => Assert.Equal(true, t.Passed));
        Assert.Contains("Verdict: pass", text, StringComparison.Ordinal);
        Assert.Contains("100 → 125 → 125 MiB", text, StringComparison.Ordinal);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("| sessions closed, idle ", StringComparison.Ordinal) && l.Contains("| 90 ", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("| all ", StringComparison.Ordinal) && l.Contains("| 4 ", StringComparison.Ordinal));
        Assert.True(text.Split('\n').Any(l => l.StartsWith("| stuck turns ", StringComparison.Ordinal) && l.Contains("| 0 ", StringComparison.Ordinal)), text);
    }

    [Fact]
    public void Stuck_turns_errors_closes_and_growth_each_fail_the_verdict()
    {
        var troubled = new SoakSessionResult(1,
            [Turns.Answered(1, 200), new ConversationTurn(2), new ConversationTurn(1) { ClosedBy = "1006 (no close frame)" }, new ConversationTurn(2) { Status = "failed" }],
            Opens: 3, Closes: ["1006 (no close frame)"], OpenFailures: ["open: refused"]);

        var targets = SoakReport.Targets([troubled, Clean(2)], Rss([100, 100, 111], afterIdle: 115)).ToDictionary(t => t.Name);
        var text = SoakReport.Format(Options, "server: test", [troubled, Clean(2)], Rss([100, 100, 111], afterIdle: 115), TimeSpan.FromMinutes(2), 0.4);

        Assert.Equal(1, targets["stuck turns"].Value);
        Assert.Equal(2, targets["errors"].Value);
        Assert.Equal(1, targets["sessions closed by the server"].Value);
        Assert.Equal(false, targets["RSS end / histories full"].Passed);
        Assert.Equal(false, targets["RSS closed and idle / start"].Passed);
        Assert.All(targets.Values, t => Assert.Equal(false, t.Passed));
        Assert.Contains("Verdict: FAIL (stuck turns; errors; sessions closed by the server; RSS end / histories full; RSS closed and idle / start)", text, StringComparison.Ordinal);
        Assert.Contains("- closed by the server: 1006 (no close frame)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_whose_memory_was_not_read_does_not_pass()
    {
        var targets = SoakReport.Targets([Clean(1)], new RssTrace()).Where(t => t.Name.StartsWith("RSS", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, targets.Count);
        Assert.All(targets, t => Assert.Null(t.Passed));
    }

    private static SoakSessionResult Clean(int slot) => new(slot, [Turns.Answered(1, 200), Turns.Answered(2, 220)], 1, [], []);

    /// <summary>A trace whose histories are full from its second reading on, read again after the sessions closed.</summary>
    private static RssTrace Rss(long[] readings, long afterIdle)
    {
        var rss = new RssTrace();
        rss.MarkStart();
        for (var i = 0; i < readings.Length; i++)
        {
            if (i == 1) rss.MarkSteady();
            rss.Add(new ServerMemory(TimeSpan.FromMinutes(i), readings[i], null, null));
        }
        rss.AfterIdle = new ServerMemory(TimeSpan.FromMinutes(readings.Length + 1), afterIdle, null, null);
        return rss;
    }
}
