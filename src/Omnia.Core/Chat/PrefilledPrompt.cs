namespace Omnia.Chat;

/// <summary>What a prefill left in the cache, and what the model made of the prompt's last message.</summary>
/// <param name="PromptTokens">The prompt tokens the cache holds.</param>
/// <param name="EndOfTurnProbability">
/// The model's probability that the last message ends where it does: its end-of-turn token's probability right
/// after the message's text. Null when the engine cannot tell (no end-of-turn token, a media prompt, a skipped prefill).
/// </param>
public sealed record PrefilledPrompt(int PromptTokens, double? EndOfTurnProbability);
