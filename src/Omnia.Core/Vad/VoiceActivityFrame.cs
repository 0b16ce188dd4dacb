namespace Omnia.Vad;

/// <summary>One classified frame of a stream.</summary>
/// <param name="EndMs">Where the frame ends, in milliseconds from the start of the stream.</param>
/// <param name="Probability">The model's speech probability for the frame.</param>
/// <param name="IsSpeech">Whether the probability reached the threshold.</param>
public readonly record struct VoiceActivityFrame(long EndMs, float Probability, bool IsSpeech);
