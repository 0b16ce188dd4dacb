namespace Omnia.Vad;

/// <summary>Speech came back after a <see cref="SpeechPaused"/> before the silence lasted long enough to stop it.</summary>
/// <param name="DetectedAtMs">The end of the frame classified as speech again.</param>
public sealed record SpeechResumed(long DetectedAtMs) : VoiceActivityEvent(DetectedAtMs);
