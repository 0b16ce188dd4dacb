using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class RealtimeConversationTargetsTests
{
    [Fact]
    public void The_half_b_model_is_held_to_320_ms_p50_and_500_ms_p95_over_the_turns()
    {
        var passing = RealtimeConversationTargets.Of("0.5b", unboundedAnswers: false, Turns.Run(200, 250, 300, 310, 320, 330, 340, 350, 400, 480)).ToList();
        var slowTail = RealtimeConversationTargets.Of("0.5b", unboundedAnswers: false, Turns.Run(200, 250, 300, 310, 320, 330, 340, 350, 400, 520)).ToList();

        Assert.Equal([true, true, true], passing.Select(t => t.Passed));
        Assert.Equal(320, passing[0].Value);
        Assert.Equal(480, passing[1].Value);
        Assert.Equal(false, slowTail.Single(t => t.Name.Contains("p95", StringComparison.Ordinal)).Passed);
    }

    [Fact]
    public void Stories260k_is_held_to_250_ms_at_its_last_turn_whatever_came_before()
    {
        var targets = RealtimeConversationTargets.Of("stories", unboundedAnswers: false, Turns.Run(900, 800, 240)).ToList();

        var last = Assert.Single(targets, t => t.Name.Contains("at turn 3", StringComparison.Ordinal));
        Assert.Equal(240, last.Value);
        Assert.Equal(true, last.Passed);
    }

    [Fact]
    public void The_3b_model_has_no_latency_target_only_the_answers()
    {
        var target = Assert.Single(RealtimeConversationTargets.Of("3b", unboundedAnswers: false, Turns.Run(5000, 9000)));

        Assert.Equal("turns answered without an error", target.Name);
        Assert.Equal(true, target.Passed);
    }

    [Fact]
    public void A_turn_that_failed_fails_the_answers_target_and_a_missing_audio_is_not_measured()
    {
        var run = new ConversationRun([Turns.Answered(1, 200), new ConversationTurn(2) { Status = "failed", FailedBecause = "context" }], TimeSpan.FromSeconds(10), null);

        var targets = RealtimeConversationTargets.Of("stories", unboundedAnswers: false, run).ToList();

        Assert.Null(targets.Single(t => t.Name.Contains("at turn 2", StringComparison.Ordinal)).Passed);
        var answered = targets.Single(t => t.Name == "turns answered without an error");
        Assert.Equal(1, answered.Value);
        Assert.Equal(false, answered.Passed);
    }

    [Fact]
    public void Unbounded_answers_add_the_session_staying_open_past_a_minute()
    {
        var open = Turns.Run(300) with { Open = TimeSpan.FromSeconds(61) };
        var killed = Turns.Run(300) with { Open = TimeSpan.FromSeconds(30), ClosedBy = "1006 (no close frame)" };

        Assert.Equal(true, RealtimeConversationTargets.Of("0.5b", unboundedAnswers: true, open).Last().Passed);
        Assert.Equal(false, RealtimeConversationTargets.Of("0.5b", unboundedAnswers: true, killed).Last().Passed);
        Assert.DoesNotContain(RealtimeConversationTargets.Of("0.5b", unboundedAnswers: false, open), t => t.Name.Contains("open", StringComparison.Ordinal));
    }
}
