using System.Globalization;
using System.Text;
using Omnia.Bench.PromptCache;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>The <c>realtime --mode conversation</c> markdown: a row per turn, p50/p95 over the turns, the session's life and the targets.</summary>
internal static class RealtimeConversationReport
{
    private const int ErrorChars = 60;

    /// <param name="serverLine">How the server was started (or which one was measured).</param>
    public static string Format(RealtimeBenchOptions options, string serverLine, ConversationRun run, double loadAverage)
    {
        var text = new StringBuilder();
        var model = options.ChatModel;
        text.Append(CultureInfo.InvariantCulture,
            $"## Realtime conversation: {run.Turns.Count} turns kept in one session ({model.Name}, {Path.GetFileName(model.Path)}, max_output_tokens {Tokens(options.MaxOutputTokens)})\n\n");
        text.Append("- ").Append(serverLine).Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"- {(options.SemanticVad ? "semantic_vad (eagerness high)" : $"server_vad (silence {options.TunedSilenceMs} ms, prefix {options.TunedPrefixMs} ms)")}; flite utterances cycled in 20 ms appends in real time; "
            + $"{options.ListenMs} ms listening after each end of speech; every item kept; loadavg {loadAverage:0.00}\n\n");

        var turns = new MarkdownTable("turn", "first audio ms", "first text ms", "prompt tokens", "cached tokens", "status", "cut-ins", "error", "heard");
        foreach (var turn in run.Turns)
        {
            turns.Add(turn.Turn, turn.FirstAudioMs ?? double.NaN, turn.FirstTextMs ?? double.NaN, turn.PromptTokens, turn.CachedTokens, Status(turn),
                turn.Interrupted, Clip(turn.FirstError), Clip(turn.Transcript));
        }

        text.Append(turns).Append('\n');
        var stats = new MarkdownTable("end of speech →", "turns with one", "p50 ms", "p95 ms", "max ms");
        stats.Add("first audio delta", run.FirstAudio.Count, run.FirstAudio.P50, run.FirstAudio.P95, run.FirstAudio.Max);
        stats.Add("first text delta", run.FirstText.Count, run.FirstText.P50, run.FirstText.P95, run.FirstText.Max);
        text.Append(stats).Append('\n');

        text.Append(CultureInfo.InvariantCulture, $"Every turn answered without an error: {(run.AnsweredWithoutError == run.Turns.Count ? "yes" : "no")} ({run.AnsweredWithoutError} of {run.Turns.Count}). ");
        text.Append(CultureInfo.InvariantCulture, $"Session open {run.Open.TotalSeconds:0.0} s, ");
        text.Append(run.ClosedBy is null ? "still open at the end.\n" : $"closed by the server ({run.ClosedBy}).\n");

        var targets = new MarkdownTable("target", "model", "measured", "limit", "result");
        foreach (var target in RealtimeConversationTargets.Of(model.Name, options.MaxOutputTokens is null, run))
        {
            targets.Add(target.Name, target.Scope, TargetCells.Measured(target), target.LimitText, target.Verdict);
        }

        text.Append("\n### Targets (issue 12)\n\n").Append(targets);
        if (model.Name is not ("0.5b" or "stories"))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{model.Name}: latency reported only (no target).\n");
        }

        return text.ToString();
    }

    public static string Tokens(int? maxOutputTokens) => maxOutputTokens?.ToString(CultureInfo.InvariantCulture) ?? RealtimeBenchArguments.Unbounded;

    private static string Status(ConversationTurn turn) =>
        turn.Status ?? (turn.ClosedBy is { } close ? $"closed {close}" : "stuck");

    private static string? Clip(string? text) =>
        text is null ? null : (text.Length > ErrorChars ? text[..ErrorChars] + "…" : text).Replace('|', '/').ReplaceLineEndings(" ");
}
