namespace Omnia.Voice.Conversation;

/// <summary>The caller's rate limits after a response settled its usage.</summary>
public sealed record RateLimitsFrame(IReadOnlyList<RateLimitState> Limits) : VoiceFrame;
