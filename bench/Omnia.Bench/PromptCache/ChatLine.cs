namespace Omnia.Bench.PromptCache;

/// <summary>One message of a chat: <c>system</c>, <c>user</c> or <c>assistant</c>, and its text.</summary>
internal sealed record ChatLine(string Role, string Content);
