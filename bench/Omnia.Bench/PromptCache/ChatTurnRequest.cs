namespace Omnia.Bench.PromptCache;

/// <summary>One streamed chat completion the prompt-cache benches send.</summary>
/// <param name="CachePrompt">Sent as llama.cpp's per-request <c>cache_prompt</c> when set; left out when null.</param>
/// <param name="IgnoreEos">Keep decoding past end-of-generation, so every answer has exactly <paramref name="MaxTokens"/> tokens.</param>
internal sealed record ChatTurnRequest(IReadOnlyList<ChatLine> Messages, int MaxTokens, bool? CachePrompt = null, bool IgnoreEos = true);
