namespace Omnia.Vad;

/// <summary>Speech ended: OpenAI's <c>input_audio_buffer.speech_stopped</c>.</summary>
/// <param name="AudioEndMs">The end of the last frame classified as speech.</param>
/// <param name="DetectedAtMs">When the silence after it reached the silence duration (at least <paramref name="AudioEndMs"/> plus that duration).</param>
public sealed record SpeechStopped(long AudioEndMs, long DetectedAtMs) : VoiceActivityEvent(DetectedAtMs);
