namespace Omnia.Bench;

/// <summary>One turn of the naive cascade, in ms: each stage, and from the end of speech to the first and last audio byte.</summary>
internal sealed record NaiveCascadeTurn(double TranscribeMs, double ChatMs, double SpeechFirstByteMs, double FirstAudioMs, double LastAudioMs);
