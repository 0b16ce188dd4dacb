using System.Globalization;
using System.Text;

namespace Omnia.Bench.PromptCache;

/// <summary>The <c>conversation</c> bench's markdown: a per-turn table per shape, the summary ratios and the targets.</summary>
internal static class ConversationReport
{
    public static string Format(ConversationBenchOptions options, IReadOnlyList<ConversationShapeResult> results, IEnumerable<string> notes)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"## Prompt cache: time to first token per turn ({options.Model.Name}, {Path.GetFileName(options.Model.Path)}, {options.Turns} turns, {options.AnswerTokens}-token answers)\n\n");
        foreach (var note in notes)
        {
            text.Append("- ").Append(note).Append('\n');
        }

        foreach (var result in results)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n### {Describe(result)} (loadavg {result.LoadAverage:0.0})\n\n");
            var table = new MarkdownTable("turn", "prompt tokens", "cached tokens", "cached / previous prompt", "first token on ms", "on max ms", "first token off ms", "off / on");
            foreach (var row in result.Rows)
            {
                table.Add(row.Turn, row.PromptTokens, row.CachedTokens, Share(row.CachedShareOfPrevious), row.FirstTokenOnMs, row.FirstTokenOnMaxMs, row.FirstTokenOffMs, row.OffOverOn);
            }

            text.Append(table);
        }

        if (results.Any(r => r.Conversations > 1))
        {
            text.Append("\nWith several conversations a row gives the median prompt tokens and first token, the fewest cached tokens and the smallest share.\n");
        }

        var summary = new MarkdownTable("shape", "first token turn 1 ms", "last turn ms", "last / turn 1", "off / on at last turn", "min cached / previous prompt", "cached with cache off (max)");
        foreach (var result in results)
        {
            summary.Add(Describe(result), result.First.FirstTokenOnMs, result.Last.FirstTokenOnMs, result.LastOverFirst, result.OffOverOnAtLast,
                Share(result.MinCachedShareOfPrevious), result.MaxCachedWithCacheOff);
        }

        text.Append("\n### Summary\n\n").Append(summary);
        var targets = new MarkdownTable("target", "shape", "measured", "limit", "result");
        foreach (var target in results.SelectMany(r => ConversationTargets.Of(Describe(r), r)))
        {
            targets.Add(target.Name, target.Scope, target.Value, target.LimitText, target.Verdict);
        }

        text.Append("\n### Targets (issue 11, set for the 0.5B-shaped model)\n\n").Append(targets);
        return text.ToString();
    }

    public static string Describe(ConversationShapeResult result) => result.Shape switch
    {
        ConversationShape.Single => "one conversation",
        ConversationShape.Interleaved => "two conversations interleaved",
        _ => $"{result.Conversations} conversations at once",
    };

    private static string Share(double share) => double.IsNaN(share) ? "-" : share.ToString("0.00", CultureInfo.InvariantCulture);
}
