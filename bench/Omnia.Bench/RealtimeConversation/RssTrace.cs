namespace Omnia.Bench.RealtimeConversation;

/// <summary>
/// The server's RSS readings over a soak. Readings before <see cref="MarkStart"/> (sessions still opening, engines
/// loading on first use) are not part of the comparison: start is the first reading after it.
/// </summary>
/// <remarks>Used from one task (the sampler); the report reads it after the sampler has ended.</remarks>
internal sealed class RssTrace
{
    private bool _started;

    /// <summary>Bytes; null until the first reading after the start mark.</summary>
    public long? Start { get; private set; }

    public long? Peak { get; private set; }

    public long? End { get; private set; }

    public int Readings { get; private set; }

    /// <summary>From now on readings count (every session has finished its first turn).</summary>
    public void MarkStart() => _started = true;

    public void Add(long bytes)
    {
        if (!_started) return;
        Readings++;
        Start ??= bytes;
        Peak = Math.Max(Peak ?? 0, bytes);
        End = bytes;
    }

    /// <summary>End over start, NaN before two readings' worth of trace exists.</summary>
    public double EndOverStart => Start is { } start && End is { } end && start > 0 ? (double)end / start : double.NaN;

    public double PeakOverStart => Start is { } start && Peak is { } peak && start > 0 ? (double)peak / start : double.NaN;
}
