namespace Omnia.Voice.Conversation;

/// <summary>One rate limit (requests or tokens per minute) and what is left of it.</summary>
public sealed record RateLimitState(string Name, long Limit, long Remaining, TimeSpan ResetAfter);
