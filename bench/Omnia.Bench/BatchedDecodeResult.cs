namespace Omnia.Bench;

/// <summary>Aggregate greedy decode of several conversations through one <c>BatchedExecutor</c>.</summary>
internal sealed record BatchedDecodeResult(
    int Conversations,
    int Tokens,
    double Seconds,
    double AggregateTokensPerSecond,
    LatencyStats PerStep,
    double LoadAverage);
