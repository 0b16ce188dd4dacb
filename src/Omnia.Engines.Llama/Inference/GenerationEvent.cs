namespace Omnia.Engines.Llama.Inference;

/// <summary>What the loop reports for a request: a piece of text, or the end with its reason and token counts.</summary>
internal readonly record struct GenerationEvent(string? Text, GenerationFinish? Finish);

/// <param name="CachedTokens">Of the prompt, the leading tokens a cached slot already held (not decoded again).</param>
/// <param name="EndOfTurnProbability">A prefill's reading of its end-of-turn token after the prompt (<see cref="GenerationRequest.EndOfTurnToken"/>).</param>
internal sealed record GenerationFinish(GenerationStopReason Reason, int PromptTokens, int CachedTokens, int CompletionTokens, double? EndOfTurnProbability = null);

internal enum GenerationStopReason
{
    /// <summary>End-of-generation token or a stop sequence.</summary>
    Stop,

    /// <summary><c>max_tokens</c> or the context ran out.</summary>
    Length,
}
