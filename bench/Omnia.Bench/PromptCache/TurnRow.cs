namespace Omnia.Bench.PromptCache;

/// <summary>One turn across a shape's conversations.</summary>
/// <param name="PromptTokens">Median prompt tokens, cache on.</param>
/// <param name="CachedTokens">Fewest cached tokens of any conversation, cache on.</param>
/// <param name="CachedShareOfPrevious">
/// Smallest cached tokens / the same conversation's previous prompt tokens (NaN at turn 1): how much of what the
/// conversation had already sent was reused.
/// </param>
/// <param name="FirstTokenOnMs">Median time to first token, cache on.</param>
/// <param name="FirstTokenOnMaxMs">Slowest time to first token, cache on.</param>
/// <param name="FirstTokenOffMs">Median time to first token, cache off; NaN when not measured.</param>
internal sealed record TurnRow(
    int Turn,
    int PromptTokens,
    int CachedTokens,
    double CachedShareOfPrevious,
    double FirstTokenOnMs,
    double FirstTokenOnMaxMs,
    double FirstTokenOffMs)
{
    /// <summary>How many times faster the first token came with the cache on.</summary>
    public double OffOverOn => FirstTokenOffMs / FirstTokenOnMs;
}
