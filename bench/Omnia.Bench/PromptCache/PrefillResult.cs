using System.Globalization;
using System.Text;

namespace Omnia.Bench.PromptCache;

/// <summary>Running streams' step gaps undisturbed and while a long prompt is prefilled, and that prompt's first token.</summary>
/// <param name="StreamsEndedEarly">Streams that reached max_tokens before the long prompt's first token, so the window lost them.</param>
internal sealed record PrefillResult(
    int Streams,
    int LongPromptTokens,
    LatencyStats Undisturbed,
    LatencyStats Disturbed,
    double LongAloneFirstTokenMs,
    double LongDuringFirstTokenMs,
    int StreamsEndedEarly,
    double LoadAverage)
{
    public const double MaxP95Ratio = 2;

    /// <summary>The streams' p95 step while the long prompt arrives over their undisturbed p95 (target ≤ 2).</summary>
    public double P95Ratio => Disturbed.P95 / Undisturbed.P95;

    public BenchTarget Target => BenchTarget.NoMoreThan("step p95 while a long prompt arrives / undisturbed", $"{Streams} streams", P95Ratio, MaxP95Ratio);

    public string Format(BenchChatModel model)
    {
        var gaps = new MarkdownTable($"{Streams} running streams", "gaps", "p50 ms", "p95 ms", "max ms")
            .Add("undisturbed", Undisturbed.Count, Undisturbed.P50, Undisturbed.P95, Undisturbed.Max)
            .Add($"while a {LongPromptTokens}-token prompt arrives", Disturbed.Count, Disturbed.P50, Disturbed.P95, Disturbed.Max);
        var first = new MarkdownTable($"{LongPromptTokens}-token prompt", "first token ms")
            .Add("alone", LongAloneFirstTokenMs)
            .Add($"while {Streams} streams decode", LongDuringFirstTokenMs);
        var target = new MarkdownTable("target", "measured", "limit", "result")
            .Add(Target.Name, Target.Value, Target.LimitText, Target.Verdict);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## Chunked prefill: decode steps of {Streams} streams while a long prompt arrives ({model.Name}, {Path.GetFileName(model.Path)}, loadavg {LoadAverage:0.0})\n\n")
            .Append(gaps).Append('\n').Append(first).Append('\n').Append(target);
        if (StreamsEndedEarly > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{StreamsEndedEarly} stream(s) reached max_tokens before the long prompt's first token; the window counts only what they decoded.\n");
        }

        return text.ToString();
    }
}
