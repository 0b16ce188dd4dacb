namespace Omnia.Bench.Turns;

/// <summary>The suite's counts for one detector and eagerness, from the cases' observations.</summary>
internal sealed record TurnTally(
    int Cases,
    int PrematureReplies,
    int MissedTurns,
    int RepliesToNoise,
    int FalseInterruptions,
    int MissedInterruptions,
    double? MeanDelayMs,
    int NotPlayed)
{
    /// <summary>How long after its end a finished utterance may wait for its commit before it counts as missed.</summary>
    public const double TurnWindowMs = 3000;

    /// <summary>The target on the mean end-of-turn delay after a finished utterance.</summary>
    public const double DelayTargetMs = 300;

    public static TurnTally Of(IReadOnlyList<TurnObservation> observations)
    {
        int premature = 0, missed = 0, noise = 0, falseInterruptions = 0, missedInterruptions = 0, notPlayed = 0;
        var delays = new List<double>();
        foreach (var seen in observations)
        {
            switch (seen.Kind)
            {
                case TurnCaseKind.Unfinished or TurnCaseKind.Finished:
                    if (IsPremature(seen)) premature++;
                    if (IsMissedTurn(seen)) missed++;
                    else if (seen.Kind == TurnCaseKind.Finished && DelayMs(seen) is { } delay) delays.Add(delay);
                    break;
                case TurnCaseKind.NoiseAlone:
                    if (seen.Commits.Count > 0 || seen.Replies.Count > 0) noise++;
                    break;
                case TurnCaseKind.OverAnswer when seen.AnswerNotPlaying:
                case TurnCaseKind.Interruption when seen.AnswerNotPlaying:
                    notPlayed++;
                    break;
                case TurnCaseKind.OverAnswer:
                    if (Interrupted(seen)) falseInterruptions++;
                    break;
                case TurnCaseKind.Interruption:
                    if (!Interrupted(seen)) missedInterruptions++;
                    break;
            }
        }

        return new TurnTally(observations.Count, premature, missed, noise, falseInterruptions, missedInterruptions,
            delays.Count > 0 ? delays.Average() : null, notPlayed);
    }

    /// <summary>
    /// How far before the true end of speech a turn's end may fall and still be that end: a detector hears a quiet last
    /// syllable as pause. A premature end falls in a pause before a continuation of at least 500 ms.
    /// </summary>
    public const double PrematureMarginMs = 300;

    /// <summary>
    /// A turn committed while the user was still speaking (inside an unfinished case's pause, or mid-utterance): it
    /// arrived before the end of speech, or the server put its end well before the speech's end in the audio (which
    /// counts on a loaded machine too, where the decision arrives late).
    /// </summary>
    public static bool IsPremature(TurnObservation seen) =>
        seen.Commits.Any(ms => ms < 0) || seen.StoppedAtAudioMs.Any(ms => ms < seen.SpeechEndAudioMs - PrematureMarginMs);

    /// <summary>No commit within <see cref="TurnWindowMs"/> after the end of speech.</summary>
    public static bool IsMissedTurn(TurnObservation seen) => !seen.Commits.Any(ms => ms is >= 0 and <= TurnWindowMs);

    /// <summary>The end-of-turn decision after the true end of speech: the first <c>speech_stopped</c> after it (else the commit).</summary>
    public static double? DelayMs(TurnObservation seen) =>
        seen.SpeechStopped.Where(ms => ms >= 0).Concat(seen.Commits.Where(ms => ms >= 0)).DefaultIfEmpty(double.NaN).First() is var ms && double.IsNaN(ms) ? null : ms;

    /// <summary>
    /// The answer under the case was stopped for it: cancelled, or a user turn began (or ended) while it still played.
    /// Speech held over an answer may become a turn once the answer has finished playing; that interrupts nothing.
    /// </summary>
    public static bool Interrupted(TurnObservation seen) =>
        seen.AnswerCancelled || seen.SpeechStarted.Concat(seen.Commits).Any(ms => ms < seen.AnswerPlaysUntilMs);
}
