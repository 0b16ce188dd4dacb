namespace Omnia.Bench.Fuzz;

/// <summary>
/// Samples the server's RSS four times a second during an endpoint's run: keeps the peak, stops the run when the
/// process exits, and kills a server this bench started when it passes the RSS limit (so one runaway request cannot
/// take the machine). It runs until <c>done</c> is cancelled.
/// </summary>
internal static class ServerWatch
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    public static async Task WatchAsync(ServerUnderTest server, EndpointTally tally, EndpointStop stop, long rssLimit, TextWriter log, CancellationToken done)
    {
        if (tally.RssBefore is { } before)
        {
            tally.RssPeak = Math.Max(tally.RssPeak ?? 0, before);
        }

        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                if (server.HasExited)
                {
                    stop.Stop($"crash ({server.ExitDescription})", crashed: true);
                    return;
                }

                if (server.Rss() is not { } rss)
                {
                    continue;
                }

                tally.RssPeak = Math.Max(tally.RssPeak ?? 0, rss);
                if (rss > rssLimit)
                {
                    log.WriteLine($"fuzz: {tally.Endpoint}: server RSS {rss >> 20} MiB passed the limit of {rssLimit >> 20} MiB");
                    stop.Stop($"RSS above {rssLimit >> 20} MiB{(server.Owned ? " (server killed)" : "")}", killed: server.Owned);
                    await server.KillAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The endpoint's run is over.
        }
    }
}
