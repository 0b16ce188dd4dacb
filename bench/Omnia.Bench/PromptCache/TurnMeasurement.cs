namespace Omnia.Bench.PromptCache;

/// <summary>One turn of one conversation as the server answered it.</summary>
/// <param name="Conversation">0-based conversation index within its shape.</param>
/// <param name="Turn">1-based turn.</param>
/// <param name="PromptTokens"><c>usage.prompt_tokens</c>.</param>
/// <param name="CachedTokens"><c>usage.prompt_tokens_details.cached_tokens</c>; 0 when the server does not report it.</param>
/// <param name="FirstTokenMs">From sending the request to its first content chunk.</param>
internal sealed record TurnMeasurement(int Conversation, int Turn, int PromptTokens, int CachedTokens, double FirstTokenMs);
