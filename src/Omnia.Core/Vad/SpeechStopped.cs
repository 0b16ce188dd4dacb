namespace Omnia.Vad;

/// <summary>Speech ended: OpenAI's <c>input_audio_buffer.speech_stopped</c>.</summary>
/// <remarks>
/// OpenAI describes its <c>audio_end_ms</c> as including the silence duration; that position is
/// <paramref name="DetectedAtMs"/>, while <paramref name="AudioEndMs"/> is where the speech itself ended, the figure a
/// latency trace measures from.
/// </remarks>
/// <param name="AudioEndMs">The end of the last frame classified as speech.</param>
/// <param name="DetectedAtMs">When the silence after it reached the silence duration (at least <paramref name="AudioEndMs"/> plus that duration).</param>
public sealed record SpeechStopped(long AudioEndMs, long DetectedAtMs) : VoiceActivityEvent(DetectedAtMs);
