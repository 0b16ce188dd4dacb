using System.Globalization;
using System.Text;
using Omnia.Bench.PromptCache;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>The <c>realtime --mode soak</c> markdown: a row per session slot, the server's RSS, and the verdict.</summary>
internal static class SoakReport
{
    public const double MaxRssGrowth = 1.10;
    private const double MiB = 1 << 20;

    public static string Format(RealtimeBenchOptions options, string serverLine, IReadOnlyList<SoakSessionResult> sessions, RssTrace rss, TimeSpan elapsed, double loadAverage)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"## Realtime soak: {sessions.Count} kept-history sessions for {elapsed.TotalMinutes:0.0} min ({options.ChatModel.Name}, {Path.GetFileName(options.ChatModel.Path)}, max_output_tokens {RealtimeConversationReport.Tokens(options.MaxOutputTokens)})\n\n");
        text.Append("- ").Append(serverLine).Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"- a turn is stuck without `response.done` {options.AnswerLimit.TotalSeconds:0} s after its end of speech (its session is then replaced); RSS read every {options.RssInterval.TotalSeconds:0} s; loadavg {loadAverage:0.00}\n\n");

        var table = new MarkdownTable("session", "turns", "answered", "stuck", "errors", "opened", "closed by server", "first audio p50 ms", "p95 ms", "max prompt tokens", "first error");
        foreach (var s in sessions)
        {
            table.Add(s.Slot, s.Turns.Count, s.Turns.Count(t => t.AnsweredWithoutError), s.Stuck, s.Errors, s.Opens, s.Closes.Count,
                s.FirstAudio.P50, s.FirstAudio.P95, s.MaxPromptTokens, s.FirstError is { } e ? e.Replace('|', '/') : null);
        }

        var all = LatencyStats.Of(sessions.SelectMany(s => s.Turns).Where(t => t.FirstAudioMs is not null).Select(t => t.FirstAudioMs!.Value));
        table.Add("all", sessions.Sum(s => s.Turns.Count), sessions.Sum(s => s.Turns.Count(t => t.AnsweredWithoutError)), sessions.Sum(s => s.Stuck),
            sessions.Sum(s => s.Errors), sessions.Sum(s => s.Opens), sessions.Sum(s => s.Closes.Count), all.P50, all.P95, sessions.Max(s => s.MaxPromptTokens), null);
        text.Append(table).Append('\n');
        foreach (var close in sessions.SelectMany(s => s.Closes).Distinct())
        {
            text.Append("- closed by the server: ").Append(close).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture,
            $"Server RSS (after every session's first turn → peak → end, {rss.Readings} readings): {Mib(rss.Start?.Rss)} → {Mib(rss.Peak?.Rss)} → {Mib(rss.End?.Rss)} MiB\n\n");
        text.Append(MemoryTrace(rss)).Append('\n');

        var targets = new MarkdownTable("target", "measured", "limit", "result");
        foreach (var target in Targets(sessions, rss))
        {
            targets.Add(target.Name, TargetCells.Measured(target), target.LimitText, target.Verdict);
        }

        text.Append("\n### Targets (issue 12)\n\n").Append(targets);
        var failed = Targets(sessions, rss).Where(t => t.Passed != true).Select(t => t.Name).ToList();
        text.Append('\n').Append(failed.Count == 0 ? "Verdict: pass" : "Verdict: FAIL (" + string.Join("; ", failed) + ")").Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Zero stuck turns, zero errors, zero closes by the server; memory flat within 10 % once the histories are full
    /// (each conversation holds its history up to the context: until then it grows by design), and back within 10 %
    /// of the start after the sessions close (nothing held for conversations that are gone).
    /// </summary>
    public static IEnumerable<BenchTarget> Targets(IReadOnlyList<SoakSessionResult> sessions, RssTrace rss)
    {
        yield return BenchTarget.NoMoreThan("stuck turns", "soak", sessions.Sum(s => s.Stuck), 0);
        yield return BenchTarget.NoMoreThan("errors", "soak", sessions.Sum(s => s.Errors), 0);
        yield return BenchTarget.NoMoreThan("sessions closed by the server", "soak", sessions.Sum(s => s.Closes.Count), 0);
        yield return BenchTarget.NoMoreThan("RSS end / histories full", "soak", rss.EndOverSteady, MaxRssGrowth);
        yield return BenchTarget.NoMoreThan("RSS closed and idle / start", "soak", rss.AfterIdleOverStart, MaxRssGrowth);
    }

    /// <summary>
    /// The memory every few minutes, at the end and after the sessions closed and the server idled: RSS, what the GC had
    /// committed and the heap it kept at its last collection, and the rest (native engines, runtime), so growth shows
    /// as managed or native, as a trend or a plateau.
    /// </summary>
    private static MarkdownTable MemoryTrace(RssTrace rss)
    {
        var table = new MarkdownTable("when", "RSS MiB", "GC committed MiB", "GC heap MiB", "RSS − GC committed MiB");
        IEnumerable<(string, ServerMemory)> rows = rss.Marks.Select(m => ($"{m.At.TotalMinutes:0.0} min", m));
        if (rss.Steady is { } steady && !rss.Marks.Contains(steady)) rows = rows.Append(($"histories full {steady.At.TotalMinutes:0.0} min", steady));
        rows = rows.OrderBy(r => r.Item2.At);
        if (rss.End is { } end && !rss.Marks.Contains(end)) rows = rows.Append(($"end {end.At.TotalMinutes:0.0} min", end));
        if (rss.AfterIdle is { } idle) rows = rows.Append(("sessions closed, idle", idle));
        foreach (var (when, m) in rows)
            table.Add(when, Mib(m.Rss), Mib(m.GcCommitted), Mib(m.GcHeap), m.GcCommitted is { } gc ? Mib(m.Rss - gc) : "-");
        return table;
    }

    private static string Mib(long? bytes) => bytes is { } b ? (b / MiB).ToString("0", CultureInfo.InvariantCulture) : "-";
}
