namespace Omnia.Bench;

/// <summary>Prompt processing and single-stream greedy decode through a plain context.</summary>
internal sealed record RawDecodeResult(
    string LoadMode,
    double LoadSeconds,
    int PromptTokens,
    double PromptTokensPerSecond,
    int DecodedTokens,
    double DecodeTokensPerSecond,
    LatencyStats PerToken,
    bool StoppedByBudget,
    double LoadAverage);
