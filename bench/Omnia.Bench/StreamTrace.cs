namespace Omnia.Bench;

/// <summary>When each content chunk of one SSE stream arrived (Stopwatch timestamps).</summary>
internal sealed record StreamTrace(IReadOnlyList<long> ChunkTimestamps, string? FinishReason)
{
    public int Chunks => ChunkTimestamps.Count;

    public long First => ChunkTimestamps[0];

    public long Last => ChunkTimestamps[^1];

    /// <summary>Milliseconds between consecutive chunks.</summary>
    public IEnumerable<double> Gaps() =>
        ChunkTimestamps.Zip(ChunkTimestamps.Skip(1), (a, b) => (b - a) * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
}
