using Omnia.Bench.Turns;

namespace Omnia.Bench.Tests.Turns;

public sealed class TurnTallyTests
{
    [Fact]
    public void A_commit_inside_an_unfinished_cases_pause_is_a_premature_reply_and_the_late_commit_still_ends_its_turn()
    {
        var tally = TurnTally.Of([Seen(TurnCaseKind.Unfinished, commits: [-900, 250])]);

        Assert.Equal(1, tally.PrematureReplies);
        Assert.Equal(0, tally.MissedTurns);
        Assert.Null(tally.MeanDelayMs); // only finished utterances time the end of turn
    }

    [Fact]
    public void A_turn_ended_in_the_pause_is_premature_even_when_its_commit_arrives_after_the_speech_on_a_slow_machine()
    {
        // The speech ends at 3,300 ms of the session's audio; the server put the turn's end at 1,900 (in the pause)
        // and its events arrived 400 ms after the last sample was sent.
        var inThePause = Seen(TurnCaseKind.Unfinished, commits: [400], stopped: [400]) with { StoppedAtAudioMs = [1900], SpeechEndAudioMs = 3300 };
        var atTheEnd = Seen(TurnCaseKind.Finished, commits: [400], stopped: [400]) with { StoppedAtAudioMs = [3150], SpeechEndAudioMs = 3300 };

        Assert.True(TurnTally.IsPremature(inThePause));
        Assert.False(TurnTally.IsPremature(atTheEnd));
    }

    [Fact]
    public void A_finished_utterance_without_a_commit_within_three_seconds_is_a_missed_turn()
    {
        var tally = TurnTally.Of([Seen(TurnCaseKind.Finished, commits: [3100]), Seen(TurnCaseKind.Unfinished)]);

        Assert.Equal(2, tally.MissedTurns);
        Assert.Equal(0, tally.PrematureReplies);
    }

    [Fact]
    public void The_delay_is_the_first_speech_stopped_after_the_end_of_speech_else_the_commit_averaged_over_finished_utterances()
    {
        var tally = TurnTally.Of(
        [
            Seen(TurnCaseKind.Finished, commits: [240], stopped: [200]),
            Seen(TurnCaseKind.Finished, commits: [400]),
            Seen(TurnCaseKind.Finished), // missed: no delay
        ]);

        Assert.Equal(300, tally.MeanDelayMs);
        Assert.Equal(1, tally.MissedTurns);
        Assert.Contains("mean end-of-turn delay 300 ms ≤ 300: pass", TurnsReport.Targets(tally));
    }

    [Fact]
    public void Over_an_answer_a_speech_start_or_a_cancel_is_a_false_interruption_and_their_absence_a_missed_interruption()
    {
        var tally = TurnTally.Of(
        [
            Seen(TurnCaseKind.OverAnswer),
            Seen(TurnCaseKind.OverAnswer, started: [-300]),
            Seen(TurnCaseKind.OverAnswer, cancelled: true),
            Seen(TurnCaseKind.Interruption, started: [-100]),
            Seen(TurnCaseKind.Interruption),
            Seen(TurnCaseKind.Interruption) with { AnswerNotPlaying = true },
        ]);

        Assert.Equal(2, tally.FalseInterruptions);
        Assert.Equal(1, tally.MissedInterruptions);
        Assert.Equal(1, tally.NotPlayed);
        Assert.Contains("false interruptions 2 = 0: FAIL", TurnsReport.Targets(tally));
    }

    [Fact]
    public void Held_speech_that_becomes_a_turn_after_the_answer_finished_playing_interrupted_nothing()
    {
        var afterTheAnswer = Seen(TurnCaseKind.OverAnswer, started: [150], commits: [400]) with { AnswerPlaysUntilMs = 100 };
        var whileItPlays = Seen(TurnCaseKind.OverAnswer, started: [50], commits: [400]) with { AnswerPlaysUntilMs = 100 };

        Assert.False(TurnTally.Interrupted(afterTheAnswer));
        Assert.True(TurnTally.Interrupted(whileItPlays));
    }

    [Fact]
    public void Noise_alone_that_commits_or_gets_a_response_is_a_reply_to_noise()
    {
        var tally = TurnTally.Of(
        [
            Seen(TurnCaseKind.NoiseAlone),
            Seen(TurnCaseKind.NoiseAlone, commits: [500]),
            Seen(TurnCaseKind.NoiseAlone, replies: [600]),
        ]);

        Assert.Equal(2, tally.RepliesToNoise);
        Assert.Equal(0, tally.MissedTurns); // noise is no turn to miss
    }

    [Fact]
    public void The_report_has_a_row_per_detector_and_eagerness_and_targets_for_auto_only()
    {
        var clean = TurnTally.Of([Seen(TurnCaseKind.Finished, commits: [150], stopped: [120])]);

        var report = TurnsReport.Format("server", "cases", [("words", "auto", clean), ("words", "high", clean)]);

        Assert.Contains("| words    | auto", report);
        Assert.Contains("| words    | high", report);
        Assert.Single(report.Split('\n'), line => line.Contains("premature replies 0 = 0: pass"));
        Assert.Contains("words: mean end-of-turn delay 120 ms ≤ 300: pass", report);
    }

    private static TurnObservation Seen(
        TurnCaseKind kind, double[]? commits = null, double[]? started = null, double[]? stopped = null, double[]? replies = null, bool cancelled = false) =>
        new(kind, "case", commits ?? [], started ?? [], stopped ?? [], replies ?? [], cancelled);
}
