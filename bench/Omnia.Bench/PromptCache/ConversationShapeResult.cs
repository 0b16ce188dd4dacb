namespace Omnia.Bench.PromptCache;

/// <summary>The turns of one shape with the cache on and, when measured, off; per-turn rows and the summary ratios.</summary>
internal sealed class ConversationShapeResult
{
    public ConversationShapeResult(
        ConversationShape shape, int conversations, IReadOnlyList<TurnMeasurement> on, IReadOnlyList<TurnMeasurement>? off, double loadAverage)
    {
        if (on.Count == 0)
        {
            throw new ArgumentException("A shape needs at least one measured turn with the cache on.", nameof(on));
        }

        Shape = shape;
        Conversations = conversations;
        LoadAverage = loadAverage;
        OffMeasured = off is not null;
        MaxCachedWithCacheOff = off is { Count: > 0 } ? off.Max(m => m.CachedTokens) : null;
        Rows = on.GroupBy(m => m.Turn).OrderBy(g => g.Key).Select(turn => Row(turn, on, off)).ToArray();
    }

    public ConversationShape Shape { get; }

    public int Conversations { get; }

    public double LoadAverage { get; }

    public bool OffMeasured { get; }

    /// <summary>Most cached tokens any turn reported with the cache off: 0 when off really is off.</summary>
    public int? MaxCachedWithCacheOff { get; }

    public IReadOnlyList<TurnRow> Rows { get; }

    public TurnRow First => Rows[0];

    public TurnRow Last => Rows[^1];

    /// <summary>Last turn's time to first token over the first turn's, cache on (target ≤ 1.5).</summary>
    public double LastOverFirst => Last.FirstTokenOnMs / First.FirstTokenOnMs;

    /// <summary>Cache off over cache on at the last turn (target ≥ 8); NaN when off was not measured.</summary>
    public double OffOverOnAtLast => Last.OffOverOn;

    /// <summary>The smallest share of the previous prompt found cached on any turn after the first (target ≥ 0.8); NaN with one turn.</summary>
    public double MinCachedShareOfPrevious =>
        Rows.Count < 2 ? double.NaN : Rows.Skip(1).Min(r => r.CachedShareOfPrevious);

    private static TurnRow Row(IGrouping<int, TurnMeasurement> turn, IReadOnlyList<TurnMeasurement> on, IReadOnlyList<TurnMeasurement>? off)
    {
        var shares = turn
            .Select(m => on.FirstOrDefault(p => p.Conversation == m.Conversation && p.Turn == m.Turn - 1) is { PromptTokens: > 0 } previous
                ? (double)m.CachedTokens / previous.PromptTokens
                : double.NaN)
            .Where(share => !double.IsNaN(share))
            .ToArray();
        var offTimes = off?.Where(m => m.Turn == turn.Key).Select(m => m.FirstTokenMs) ?? [];
        return new TurnRow(
            turn.Key,
            (int)Math.Round(Median.Of(turn.Select(m => (double)m.PromptTokens))),
            turn.Min(m => m.CachedTokens),
            shares.Length == 0 ? double.NaN : shares.Min(),
            Median.Of(turn.Select(m => m.FirstTokenMs)),
            turn.Max(m => m.FirstTokenMs),
            Median.Of(offTimes));
    }
}
