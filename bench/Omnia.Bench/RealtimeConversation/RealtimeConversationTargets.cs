using Omnia.Bench.PromptCache;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>Issue 12's targets for a kept-history realtime conversation, by model.</summary>
internal static class RealtimeConversationTargets
{
    public const double HalfBP50Ms = 320;
    public const double HalfBP95Ms = 500;
    public const double StoriesLastTurnMs = 250;
    public const double UnboundedOpenSeconds = 60;

    /// <summary>
    /// 0.5B: p50 and p95 end of speech → first audio; stories260K: the last turn's (the 10th by default); any model:
    /// every turn answered without an error; with unbounded answers, the session open past a minute. 3B and other
    /// files have no latency target.
    /// </summary>
    public static IEnumerable<BenchTarget> Of(string modelName, bool unboundedAnswers, ConversationRun run)
    {
        var first = run.FirstAudio;
        if (modelName == "0.5b")
        {
            yield return BenchTarget.NoMoreThan("end of speech → first audio p50, ms", modelName, first.P50, HalfBP50Ms);
            yield return BenchTarget.NoMoreThan("end of speech → first audio p95, ms", modelName, first.P95, HalfBP95Ms);
        }
        else if (modelName == "stories" && run.Turns.Count > 0)
        {
            var last = run.Turns[^1];
            yield return BenchTarget.NoMoreThan($"end of speech → first audio at turn {last.Turn}, ms", modelName, last.FirstAudioMs ?? double.NaN, StoriesLastTurnMs);
        }

        yield return BenchTarget.NoLessThan("turns answered without an error", modelName, run.AnsweredWithoutError, run.Turns.Count);
        if (unboundedAnswers)
        {
            // Until the server closed it, or to the end of the last turn; a close during a turn also fails the turn.
            yield return BenchTarget.NoLessThan("session open (unbounded answers), s", modelName, run.Open.TotalSeconds, UnboundedOpenSeconds);
        }
    }
}
