namespace Omnia.Bench;

/// <summary>Aggregate decode through the HTTP API at one concurrency.</summary>
/// <param name="TokensPerSecond">
/// Content chunks per second while every stream was running: from the latest first chunk (the last stream admitted
/// and prefilled) to the earliest last chunk (the first stream done), so exactly <see cref="Concurrency"/> streams
/// decode together, as in the engine's batched phase. Equals <see cref="WholeTokensPerSecond"/> for one stream.
/// </param>
/// <param name="WholeTokensPerSecond">
/// Chunks after each stream's first over the time from the earliest first chunk to the latest last chunk: includes
/// the steps in which later streams' prompts were prefilled while earlier ones waited.
/// </param>
/// <param name="ShortStreams">Streams that ended before max_tokens (EOS), so counted fewer tokens.</param>
internal sealed record HttpStreamResult(
    int Concurrency,
    double TokensPerSecond,
    double WholeTokensPerSecond,
    LatencyStats InterToken,
    int ShortStreams,
    double LoadAverage);
