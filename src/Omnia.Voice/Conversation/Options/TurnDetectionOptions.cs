using Omnia.Vad;

namespace Omnia.Voice.Conversation;

/// <summary>How the conversation decides that the user has finished, and what it does then.</summary>
public sealed record TurnDetectionOptions
{
    public TurnDetectionKind Kind { get; init; } = TurnDetectionKind.ServerVad;
    public VoiceActivityOptions Vad { get; init; } = new() { Threshold = 0.5f, PrefixPaddingMs = 300, SilenceDurationMs = 500 };

    /// <summary>Whether the end of a turn starts an answer.</summary>
    public bool CreateResponse { get; init; } = true;

    /// <summary>Whether the user's speech cancels the answer in progress (barge-in).</summary>
    public bool InterruptResponse { get; init; } = true;

    /// <summary>
    /// When the user has not spoken this long (on the clock) after the last answer finished playing, or after their
    /// own turn if it was not answered, the assistant is prompted to speak again. Only with turn detection on.
    /// </summary>
    public int? IdleTimeoutMs { get; init; }

    public TurnEagerness Eagerness { get; init; } = TurnEagerness.Auto;

    /// <summary>What semantic detection reads to decide the user has finished.</summary>
    public EndOfTurnScoring Scoring { get; init; } = EndOfTurnScoring.Auto;
}
