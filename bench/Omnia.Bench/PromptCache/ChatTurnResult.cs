namespace Omnia.Bench.PromptCache;

/// <summary>What one streamed chat completion returned and when its chunks came.</summary>
/// <param name="SentAt">Stopwatch timestamp just before the request was sent.</param>
/// <param name="ChunkTimestamps">Stopwatch timestamps of the content chunks (one per token).</param>
/// <param name="PromptTokens">From the usage chunk; null when none came (a stream stopped early).</param>
/// <param name="CachedTokens">From <c>usage.prompt_tokens_details.cached_tokens</c>; 0 when the server does not report it.</param>
internal sealed record ChatTurnResult(long SentAt, IReadOnlyList<long> ChunkTimestamps, string Answer, int? PromptTokens, int CachedTokens)
{
    /// <summary>Milliseconds from sending to the first content chunk; NaN when none came.</summary>
    public double FirstTokenMs => ChunkTimestamps.Count == 0 ? double.NaN : Milliseconds(ChunkTimestamps[0] - SentAt);

    /// <summary>The chunks' times in milliseconds after <paramref name="origin"/> (a Stopwatch timestamp), to compare streams.</summary>
    public IReadOnlyList<double> ChunkTimesMs(long origin) => ChunkTimestamps.Select(t => Milliseconds(t - origin)).ToArray();

    public static double Milliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
