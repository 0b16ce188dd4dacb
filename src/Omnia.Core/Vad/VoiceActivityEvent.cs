namespace Omnia.Vad;

/// <summary>A change in whether a stream holds speech, positioned on the stream's own audio timeline.</summary>
/// <param name="DetectedAtMs">How much audio, in milliseconds from the start of the stream, had been classified when this was decided.</param>
public abstract record VoiceActivityEvent(long DetectedAtMs);
