namespace Omnia.Bench.PromptCache;

/// <summary>
/// Gaps between consecutive content chunks of running streams, in milliseconds: with every stream in one batch, a
/// gap is one decode step as the client sees it.
/// </summary>
internal static class StepGaps
{
    /// <summary>Gaps that start and end while every stream was running (after the last first chunk, before the first last one).</summary>
    public static IReadOnlyList<double> WhileAllRunning(IReadOnlyList<IReadOnlyList<double>> streams)
    {
        var running = streams.Where(s => s.Count > 0).ToArray();
        if (running.Length == 0)
        {
            return [];
        }

        var from = running.Max(s => s[0]);
        var to = running.Min(s => s[^1]);
        return Gaps(running).Where(g => g.Start >= from && g.End <= to).Select(g => g.End - g.Start).ToArray();
    }

    /// <summary>
    /// Gaps that overlap the period from <paramref name="fromMs"/> to <paramref name="toMs"/>: a stream stalled for
    /// the whole period shows as one long gap, however long it is.
    /// </summary>
    public static IReadOnlyList<double> Overlapping(IReadOnlyList<IReadOnlyList<double>> streams, double fromMs, double toMs) =>
        Gaps(streams).Where(g => g.End > fromMs && g.Start < toMs).Select(g => g.End - g.Start).ToArray();

    private static IEnumerable<(double Start, double End)> Gaps(IEnumerable<IReadOnlyList<double>> streams) =>
        streams.SelectMany(s => s.Zip(s.Skip(1), (a, b) => (a, b)));
}
