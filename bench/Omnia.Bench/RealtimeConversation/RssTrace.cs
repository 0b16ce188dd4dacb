namespace Omnia.Bench.RealtimeConversation;

/// <summary>
/// The server's memory readings over a soak. Readings before <see cref="MarkStart"/> (sessions still opening, engines
/// loading on first use) are not part of the comparison: start is the first reading after it. Every
/// <see cref="MarkEvery"/> one reading is kept for the report's trace, so growth shows as a trend or a plateau.
/// </summary>
/// <remarks>Used from one task (the sampler); the report reads it after the sampler has ended.</remarks>
internal sealed class RssTrace
{
    public static readonly TimeSpan MarkEvery = TimeSpan.FromMinutes(5);

    private readonly List<ServerMemory> _marks = [];
    private bool _started;
    private bool _steady;

    public ServerMemory? Start { get; private set; }

    /// <summary>The first reading once every session's history was as long as the context lets it be.</summary>
    public ServerMemory? Steady { get; private set; }

    public ServerMemory? Peak { get; private set; }

    public ServerMemory? End { get; private set; }

    /// <summary>After the sessions closed and the server idled long enough for its memory trimmer.</summary>
    public ServerMemory? AfterIdle { get; set; }

    public int Readings { get; private set; }

    /// <summary>The start, then a reading every <see cref="MarkEvery"/>.</summary>
    public IReadOnlyList<ServerMemory> Marks => _marks;

    /// <summary>From now on readings count (every session has finished its first turn).</summary>
    public void MarkStart() => _started = true;

    /// <summary>From now on the conversations hold all they will hold: memory should stay flat.</summary>
    public void MarkSteady() => _steady = true;

    public void Add(ServerMemory reading)
    {
        if (!_started) return;
        Readings++;
        Start ??= reading;
        if (_steady) Steady ??= reading;
        if (Peak is null || reading.Rss > Peak.Rss) Peak = reading;
        End = reading;
        if (_marks.Count == 0 || reading.At - _marks[^1].At >= MarkEvery) _marks.Add(reading);
    }

    /// <summary>End over start, NaN before two readings' worth of trace exists.</summary>
    public double EndOverStart => Start is { Rss: > 0 } start && End is { } end ? (double)end.Rss / start.Rss : double.NaN;

    /// <summary>End over the steady reading: growth once the histories stopped growing.</summary>
    public double EndOverSteady => Steady is { Rss: > 0 } steady && End is { } end ? (double)end.Rss / steady.Rss : double.NaN;

    /// <summary>After the sessions closed and the server idled, over the start: what the conversations left behind.</summary>
    public double AfterIdleOverStart => Start is { Rss: > 0 } start && AfterIdle is { } idle ? (double)idle.Rss / start.Rss : double.NaN;

    public double PeakOverStart => Start is { Rss: > 0 } start && Peak is { } peak ? (double)peak.Rss / start.Rss : double.NaN;
}
