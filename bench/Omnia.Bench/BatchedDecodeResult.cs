namespace Omnia.Bench;

/// <summary>Aggregate greedy decode of several sequences through one native batch a step.</summary>
internal sealed record BatchedDecodeResult(
    int Conversations,
    int Tokens,
    double Seconds,
    double AggregateTokensPerSecond,
    LatencyStats PerStep,
    double LoadAverage);
