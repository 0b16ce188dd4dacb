namespace Omnia.Vad;

/// <summary>Speech began: OpenAI's <c>input_audio_buffer.speech_started</c>.</summary>
/// <param name="AudioStartMs">Where the utterance starts, including the prefix padding (never before 0), as OpenAI reports it.</param>
/// <param name="SpeechStartMs">The start of the first frame classified as speech.</param>
/// <param name="DetectedAtMs">The end of that frame, when the start was decided.</param>
public sealed record SpeechStarted(long AudioStartMs, long SpeechStartMs, long DetectedAtMs) : VoiceActivityEvent(DetectedAtMs);
