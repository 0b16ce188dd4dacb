using System.Text;

namespace Omnia.Bench.Turns;

/// <summary>The suite's table, a row per detector and eagerness, and the issue's targets for eagerness auto.</summary>
internal static class TurnsReport
{
    public static string Format(string serverLine, string casesLine, IReadOnlyList<(string Detector, string Eagerness, TurnTally Tally)> rows)
    {
        var table = new MarkdownTable(
            "detector", "eagerness", "cases", "premature replies", "missed turns", "replies to noise", "false interruptions",
            "missed interruptions", "mean delay ms", "not played");
        foreach (var (detector, eagerness, t) in rows)
        {
            table.Add(detector, eagerness, t.Cases, t.PrematureReplies, t.MissedTurns, t.RepliesToNoise, t.FalseInterruptions,
                t.MissedInterruptions, t.MeanDelayMs is { } d ? Math.Round(d) : "-", t.NotPlayed);
        }

        var text = new StringBuilder().AppendLine("## Turn-taking").AppendLine().AppendLine(serverLine).AppendLine(casesLine).AppendLine()
            .Append(table).AppendLine().AppendLine("Targets (eagerness auto):").AppendLine();
        foreach (var (detector, _, t) in rows.Where(r => r.Eagerness == "auto"))
        {
            foreach (var line in Targets(t)) text.AppendLine($"- {detector}: {line}");
        }

        return text.ToString();
    }

    /// <summary>The issue's targets: no premature reply, missed turn, reply to noise or false interruption; mean delay ≤ 300 ms.</summary>
    public static IEnumerable<string> Targets(TurnTally t)
    {
        yield return Zero("premature replies", t.PrematureReplies);
        yield return Zero("missed turns", t.MissedTurns);
        yield return Zero("replies to noise", t.RepliesToNoise);
        yield return Zero("false interruptions", t.FalseInterruptions);
        yield return t.MeanDelayMs is { } d
            ? $"mean end-of-turn delay {d:0} ms ≤ {TurnTally.DelayTargetMs:0}: {(d <= TurnTally.DelayTargetMs ? "pass" : "FAIL")}"
            : "mean end-of-turn delay: FAIL (no finished utterance was committed)";
    }

    private static string Zero(string what, int count) => $"{what} {count} = 0: {(count == 0 ? "pass" : "FAIL")}";
}
