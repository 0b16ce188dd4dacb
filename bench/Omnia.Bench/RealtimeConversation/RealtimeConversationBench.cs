namespace Omnia.Bench.RealtimeConversation;

/// <summary>
/// <c>realtime --mode conversation</c>: after a one-turn warm-up session, one session of N spoken turns that keeps
/// every item, so each turn's prompt is the whole conversation so far (the growth the latency mode hides).
/// </summary>
internal static class RealtimeConversationBench
{
    public static async Task<string> RunAsync(
        RealtimeBenchOptions options, RealtimeSessionOpener opener, IReadOnlyList<SpokenUtterance> utterances, string serverLine,
        TextWriter log, CancellationToken cancellationToken)
    {
        await log.WriteLineAsync("warm-up: one turn in a session of its own");
        await using (var warm = await opener.OpenAsync(cancellationToken))
        {
            Log(log, "warm-up", await opener.Driver(warm).RunTurnAsync(1, utterances[^1], cancellationToken));
        }

        await log.WriteLineAsync($"conversation: {options.Turns} turns, every item kept");
        var time = TimeProvider.System;
        var opened = time.GetTimestamp();
        var turns = new List<ConversationTurn>();
        ConversationRun run;
        await using (var session = await opener.OpenAsync(cancellationToken))
        {
            var driver = opener.Driver(session);
            for (var i = 1; i <= options.Turns; i++)
            {
                var turn = await driver.RunTurnAsync(i, utterances[(i - 1) % utterances.Count], cancellationToken);
                turns.Add(turn);
                Log(log, "conversation", turn);
                if (turn.ClosedBy is not null) break;
            }

            run = new ConversationRun(turns, time.GetElapsedTime(opened), session.ClosedBy);
        }

        return RealtimeConversationReport.Format(options, serverLine, run, SystemLoad.OneMinute());
    }

    /// <summary>One stderr line per turn, so a long run shows progress and a bad turn shows why.</summary>
    public static void Log(TextWriter log, string prefix, ConversationTurn turn) =>
        log.WriteLine(
            $"  {prefix} turn {turn.Turn,2}: audio {Ms(turn.FirstAudioMs)}, text {Ms(turn.FirstTextMs)}, prompt {turn.PromptTokens?.ToString() ?? "-"} "
            + $"(cached {turn.CachedTokens?.ToString() ?? "-"}), {turn.Status ?? (turn.ClosedBy is { } c ? "closed " + c : "stuck")}"
            + (turn.FirstError is { } e ? $", error: {e}" : string.Empty) + $"; heard '{turn.Transcript ?? "(nothing)"}'");

    private static string Ms(double? ms) => ms is { } v ? $"{v,6:0} ms" : "     -   ";
}
