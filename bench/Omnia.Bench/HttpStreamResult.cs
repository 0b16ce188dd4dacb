namespace Omnia.Bench;

/// <summary>Aggregate decode through the HTTP API at one concurrency.</summary>
/// <param name="Tokens">Content chunks after each stream's first (the first comes from prompt processing).</param>
/// <param name="Seconds">From the earliest first chunk to the latest last chunk.</param>
/// <param name="ShortStreams">Streams that ended before max_tokens (EOS), so counted fewer tokens.</param>
internal sealed record HttpStreamResult(
    int Concurrency,
    int Tokens,
    double Seconds,
    double TokensPerSecond,
    LatencyStats InterToken,
    int ShortStreams,
    double LoadAverage);
