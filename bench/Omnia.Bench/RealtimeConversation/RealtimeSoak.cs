using System.Net.WebSockets;
using Omnia.Bench.Fuzz;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>
/// <c>realtime --mode soak</c>: N session slots, each holding one kept-history conversation turn after turn for M
/// minutes, while the server's RSS is read every few seconds. A slot whose session the server closed, or whose turn
/// got stuck, opens a new one and goes on.
/// </summary>
internal static class RealtimeSoak
{
    private const int MaxOpenFailuresInARow = 5;
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(740);

    /// <summary>How long after the sessions close the memory is read again: the idle trimmer's delay and its follow-ups.</summary>
    private static readonly TimeSpan IdleAfterSoak = TimeSpan.FromSeconds(75);

    /// <param name="serverPid">The server's process for its RSS; null for a server given by URL (RSS not measured).</param>
    /// <param name="metrics">The server, for the GC's memory on its <c>/metrics</c>.</param>
    public static async Task<string> RunAsync(
        RealtimeBenchOptions options, RealtimeSessionOpener opener, IReadOnlyList<SpokenUtterance> utterances, int? serverPid, HttpClient metrics,
        string serverLine, TextWriter log, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var rss = new RssTrace();
        var firstTurns = Enumerable.Range(0, options.SoakSessions).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var fullHistories = Enumerable.Range(0, options.SoakSessions).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = SampleAsync(serverPid, metrics, rss, Task.WhenAll(firstTurns.Select(t => t.Task)), Task.WhenAll(fullHistories.Select(t => t.Task)),
            options.RssInterval, time, started, stopSampling.Token);
        await log.WriteLineAsync($"soak: {options.SoakSessions} sessions for {options.SoakDuration.TotalMinutes:0.#} min, RSS every {options.RssInterval.TotalSeconds:0} s");
        var slots = Enumerable.Range(0, options.SoakSessions).Select(async slot =>
        {
            // Staggered, so the sessions' turns do not end in lockstep.
            await Task.Delay(Stagger * slot, time, cancellationToken);
            return await RunSlotAsync(slot + 1, opener, utterances, options.SoakDuration - time.GetElapsedTime(started), firstTurns[slot], fullHistories[slot], log, time, cancellationToken);
        });
        var results = await Task.WhenAll(slots);
        var elapsed = time.GetElapsedTime(started);
        await stopSampling.CancelAsync();
        await sampling;
        if (serverPid is { } pid)
        {
            if (await ServerMemory.ReadAsync(pid, metrics, time.GetElapsedTime(started), cancellationToken) is { } last) rss.Add(last);
            await log.WriteLineAsync($"soak: sessions closed, reading the server's memory again in {IdleAfterSoak.TotalSeconds:0} s");
            await Task.Delay(IdleAfterSoak, time, cancellationToken);
            rss.AfterIdle = await ServerMemory.ReadAsync(pid, metrics, time.GetElapsedTime(started), cancellationToken);
        }
        return SoakReport.Format(options, serverLine, results, rss, elapsed, SystemLoad.OneMinute());
    }

    private static async Task<SoakSessionResult> RunSlotAsync(
        int slot, RealtimeSessionOpener opener, IReadOnlyList<SpokenUtterance> utterances, TimeSpan duration, TaskCompletionSource firstTurn,
        TaskCompletionSource fullHistory, TextWriter log, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var turns = new List<ConversationTurn>();
        var closes = new List<string>();
        var openFailures = new List<string>();
        var opens = 0;
        var failuresInARow = 0;
        StampedRealtimeSession? session = null;
        KeptTurnDriver? driver = null;
        var turnInSession = 0;
        try
        {
            while (time.GetElapsedTime(started) < duration && failuresInARow < MaxOpenFailuresInARow)
            {
                if (session is null)
                {
                    try
                    {
                        session = await opener.OpenAsync(cancellationToken);
                        driver = opener.Driver(session);
                        opens++;
                        turnInSession = 0;
                        failuresInARow = 0;
                    }
                    catch (Exception e) when (e is WebSocketException or InvalidOperationException or HttpRequestException)
                    {
                        openFailures.Add($"open: {e.Message}");
                        failuresInARow++;
                        firstTurn.TrySetResult();
                        await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                        continue;
                    }
                }

                // Each slot walks the utterances from its own place, so the sessions say different things at once.
                var turn = await driver!.RunTurnAsync(++turnInSession, utterances[(slot * 5 + turns.Count) % utterances.Count], cancellationToken);
                // The history is as long as it gets once the server truncates it: the prompt of the same session shrinks
                // (a replaced session starting over does not count).
                if (turnInSession > 1 && turn.PromptTokens < turns[^1].PromptTokens) fullHistory.TrySetResult();
                turns.Add(turn);
                firstTurn.TrySetResult();
                RealtimeConversationBench.Log(log, $"session {slot}", turn);
                if (turn.ClosedBy is { } close) closes.Add(close);
                if (turn.ClosedBy is not null || turn.Stuck)
                {
                    // A closed session is gone; a stuck one may still answer late into the next turn: replace both.
                    await session.DisposeAsync();
                    session = null;
                }
            }
        }
        finally
        {
            firstTurn.TrySetResult();
            fullHistory.TrySetResult();
            if (session is not null) await session.DisposeAsync();
        }

        return new SoakSessionResult(slot, turns, opens, closes, openFailures);
    }

    private static async Task SampleAsync(
        int? pid, HttpClient metrics, RssTrace rss, Task everyFirstTurn, Task everyHistoryFull, TimeSpan interval, TimeProvider time, long started,
        CancellationToken cancellationToken)
    {
        if (pid is null) return;
        try
        {
            while (true)
            {
                if (everyFirstTurn.IsCompleted) rss.MarkStart();
                if (everyHistoryFull.IsCompleted) rss.MarkSteady();
                if (await ServerMemory.ReadAsync(pid.Value, metrics, time.GetElapsedTime(started), cancellationToken) is { } reading) rss.Add(reading);
                await Task.Delay(interval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The soak is over.
        }
    }
}
