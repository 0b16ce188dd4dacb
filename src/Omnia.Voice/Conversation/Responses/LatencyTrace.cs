namespace Omnia.Voice.Conversation;

/// <summary>
/// One turn's timeline, in milliseconds after the true end of speech (when the audio holding the last speech sample
/// arrived): turn decided, final transcript, first token, first synthesized audio, first audio delta sent. Marked
/// from the response's tasks and the transport's send loop, so it is thread-safe.
/// </summary>
public sealed class LatencyTrace(TimeProvider time, long speechEndTimestamp, double audioEndMs)
{
    public const string TurnDecided = "turn_decided";
    public const string TranscriptFinal = "transcript_final";
    public const string FirstToken = "first_token";
    public const string FirstAudioSynthesized = "first_audio_synthesized";
    public const string FirstAudioDeltaSent = "first_audio_delta_sent";

    private readonly Dictionary<string, double> _marks = [];

    public double AudioEndMs { get; } = audioEndMs;

    /// <summary>Whether the answer was started at the first silent frame, before the turn was decided.</summary>
    public bool Speculative { get; init; }

    /// <summary>Records when <paramref name="stage"/> was reached, the first time only.</summary>
    public void Mark(string stage)
    {
        lock (_marks) _marks.TryAdd(stage, time.GetElapsedTime(speechEndTimestamp).TotalMilliseconds);
    }

    public double? this[string stage]
    {
        get
        {
            lock (_marks) return _marks.TryGetValue(stage, out var ms) ? ms : null;
        }
    }

    /// <summary>The stages reached so far and when, in the order they were reached.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Marks
    {
        get
        {
            lock (_marks) return [.. _marks];
        }
    }
}
