namespace Omnia.Bench.Turns;

/// <summary>
/// What the server did around one case, each event's arrival in ms after the last speech sample was sent (negative:
/// before it, while the case was still being played).
/// </summary>
/// <param name="Commits"><c>input_audio_buffer.committed</c>: a user turn ended.</param>
/// <param name="SpeechStarted"><c>input_audio_buffer.speech_started</c>: a user turn began (over an answer: an interruption).</param>
/// <param name="SpeechStopped"><c>input_audio_buffer.speech_stopped</c>: the server decided the turn is over.</param>
/// <param name="Replies"><c>response.created</c> for a response the bench did not ask for.</param>
/// <param name="AnswerCancelled">The answer playing under the case ended cancelled.</param>
internal sealed record TurnObservation(
    TurnCaseKind Kind,
    string Name,
    IReadOnlyList<double> Commits,
    IReadOnlyList<double> SpeechStarted,
    IReadOnlyList<double> SpeechStopped,
    IReadOnlyList<double> Replies,
    bool AnswerCancelled)
{
    /// <summary>Over-answer and interruption cases with no answer playing under them (none came, or it was over before the case ended) are not counted.</summary>
    public bool AnswerNotPlaying { get; init; }

    /// <summary>
    /// When the answer under the case stops playing (its first audio plus its audio's length, as the server counts
    /// it), in ms after the end of speech: a turn that starts after it interrupted nothing. Infinite when unknown.
    /// </summary>
    public double AnswerPlaysUntilMs { get; init; } = double.PositiveInfinity;

    /// <summary>Where each <c>speech_stopped</c> put the end of the turn in the session's audio (its <c>audio_end_ms</c>).</summary>
    public IReadOnlyList<double> StoppedAtAudioMs { get; init; } = [];

    /// <summary>Where the case's speech truly ends in the session's audio: the lead silence and the speech.</summary>
    public double SpeechEndAudioMs { get; init; } = double.PositiveInfinity;

    /// <summary>The last transcript the server gave, for the log.</summary>
    public string? Heard { get; init; }
}
