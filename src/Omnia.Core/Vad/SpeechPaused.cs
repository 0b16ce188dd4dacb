namespace Omnia.Vad;

/// <summary>The first silent frame after speech: a possible end of speech, decided before the silence has lasted long enough.</summary>
/// <remarks>
/// Followed by either <see cref="SpeechStopped"/> with the same <paramref name="AudioEndMs"/>, or <see cref="SpeechResumed"/>.
/// It lets a voice pipeline start the answer speculatively instead of waiting out the silence duration.
/// </remarks>
/// <param name="AudioEndMs">The end of the last frame classified as speech.</param>
/// <param name="DetectedAtMs">The end of the silent frame.</param>
public sealed record SpeechPaused(long AudioEndMs, long DetectedAtMs) : VoiceActivityEvent(DetectedAtMs);
