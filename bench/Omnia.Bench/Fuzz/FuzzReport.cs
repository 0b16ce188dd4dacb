using System.Text;

namespace Omnia.Bench.Fuzz;

/// <summary>The tables and the verdict of a fuzz run.</summary>
internal sealed class FuzzReport
{
    private const int FailureRows = 40;
    private const int OutputLines = 15;
    private const double RssTolerance = 0.10;

    public required FuzzOptions Options { get; init; }

    public required string Server { get; init; }

    public required IReadOnlyList<EndpointTally> Endpoints { get; init; }

    /// <summary>Every time the server was lost: crashed, killed at the RSS limit, or restarted after too many hangs.</summary>
    public required IReadOnlyList<FuzzCrash> Crashes { get; init; }

    public required IReadOnlyList<string> NotRun { get; init; }

    /// <summary>The first pass (another seed, fewer requests), run before the RSS start; its failures count like the soak's.</summary>
    public IReadOnlyList<EndpointTally> WarmUp { get; init; } = [];

    public int Restarts { get; init; }

    /// <summary>RSS after one valid request per engine, before the warm-up pass: the server's first-use footprint.</summary>
    public long? RssFirstUse { get; init; }

    /// <summary>RSS at the soak's start (after the warm-up pass, or the last restart), at the end, and after the idle wait.</summary>
    public long? RssStart { get; init; }

    public long? RssEnd { get; init; }

    public long? RssIdle { get; init; }

    public int Hangs => AllTallies.Sum(e => e.Hangs);

    public int CrashCount => AllTallies.Sum(e => e.Crashes);

    public int KilledCount => AllTallies.Sum(e => e.Killed);

    public int ServerErrors => AllTallies.Sum(e => e.ServerErrors);

    private IEnumerable<EndpointTally> AllTallies => WarmUp.Concat(Endpoints);

    public bool? RssReturned => RssStart is { } start && RssIdle is { } idle ? idle <= start * (1 + RssTolerance) : null;

    public bool Passed => Crashes.Count == 0 && Hangs == 0 && ServerErrors == 0 && NotRun.Count == 0 && RssReturned != false;

    public override string ToString()
    {
        var text = new StringBuilder();
        var sessions = Options.Endpoints.Contains("realtime") ? $" ({Options.RealtimeSessions} realtime sessions)" : "";
        text.AppendLine($"## bench fuzz: {Options.Requests} requests per endpoint{sessions}, concurrency {Options.Concurrency}, seed {Options.Seed}, {Server}, loadavg {SystemLoad.OneMinute():0.0}")
            .AppendLine();
        var http = Endpoints.Where(e => e.Endpoint != "/v1/realtime").ToList();
        if (http.Count > 0)
        {
            var table = new MarkdownTable("endpoint", "sent", "2xx", "400", "404", "413", "429", "503", "other 4xx", "5xx", "transport", "hangs", "crashes", "killed",
                "p50 ms", "p95 ms", "RSS before MiB", "RSS peak MiB", "RSS after MiB", "stopped");
            foreach (var e in http)
            {
                var latency = e.Latency;
                table.Add(e.Endpoint, e.Sent, e.Count(s => s is >= 200 and < 300), e.Count(s => s == 400), e.Count(s => s == 404), e.Count(s => s == 413),
                    e.Count(s => s == 429), e.Count(s => s == 503), e.Count(s => s is >= 400 and < 500 and not (400 or 404 or 413 or 429)), e.ServerErrors,
                    e.TransportFailures, e.Hangs, e.Crashes, e.Killed, latency.P50, latency.P95, MiB(e.RssBefore), MiB(e.RssPeak), MiB(e.RssAfter),
                    e.Absent ? "absent (404)" : e.StoppedBecause);
            }

            text.Append(table).AppendLine();
        }

        if (Endpoints.FirstOrDefault(e => e.Endpoint == "/v1/realtime") is { } realtime)
        {
            int Outcome(string name) => realtime.Outcomes.GetValueOrDefault(name);
            var known = new[] { "ok", "closed 1000", "closed 1008", "closed 1009", "closed 1011", "aborted", "refused" };
            var latency = realtime.Latency;
            text.Append(new MarkdownTable("endpoint", "sessions", "events sent", "error events", "ok", "closed 1000", "closed 1008", "closed 1009",
                    "closed 1011", "closed other", "aborted", "refused", "transport", "hangs", "crashes", "killed", "p50 ms", "p95 ms",
                    "RSS before MiB", "RSS peak MiB", "RSS after MiB", "stopped")
                .Add(realtime.Endpoint, realtime.Sent, realtime.EventsSent, realtime.ErrorEvents, Outcome("ok"), Outcome("closed 1000"), Outcome("closed 1008"),
                    Outcome("closed 1009"), Outcome("closed 1011"), realtime.Outcomes.Where(o => !known.Contains(o.Key)).Sum(o => o.Value), Outcome("aborted"),
                    Outcome("refused"), realtime.TransportFailures, realtime.Hangs, realtime.Crashes, realtime.Killed, latency.P50, latency.P95,
                    MiB(realtime.RssBefore), MiB(realtime.RssPeak), MiB(realtime.RssAfter), realtime.StoppedBecause)).AppendLine();
            if (realtime.Outcomes.Where(o => !known.Contains(o.Key)).ToList() is { Count: > 0 } other)
            {
                text.AppendLine($"Other closes: {string.Join(", ", other.Select(o => $"{o.Key} ×{o.Value}"))}").AppendLine();
            }
        }

        if (WarmUp.Count > 0)
        {
            var table = new MarkdownTable("warm-up pass", "sent", "5xx", "transport", "hangs", "crashes", "killed", "stopped");
            foreach (var e in WarmUp)
            {
                table.Add(e.Endpoint, e.Sent, e.ServerErrors, e.TransportFailures, e.Hangs, e.Crashes, e.Killed, e.Absent ? "absent (404)" : e.StoppedBecause);
            }

            text.Append(table).AppendLine();
        }

        AppendFailures(text);
        AppendCrashes(text);
        if (NotRun.Count > 0)
        {
            text.AppendLine($"Not run (the server given by --url was lost): {string.Join(", ", NotRun)}").AppendLine();
        }

        text.AppendLine(RssLine()).AppendLine().AppendLine(Verdict());
        return text.ToString();
    }

    public string Verdict()
    {
        var rss = RssReturned switch
        {
            true => "RSS back within 10 %",
            false => $"RSS NOT back within 10 % ({(double)RssIdle!.Value / RssStart!.Value - 1:+0%;-0%})",
            null => "RSS not measured",
        };
        var failed = Passed ? "" : "FAIL: ";
        var notRun = NotRun.Count > 0 ? $", {NotRun.Count} endpoint(s) not run" : "";
        var killed = KilledCount > 0 ? $", {KilledCount} killed at the RSS limit" : "";
        return $"{failed}{CrashCount} crashes{killed}, {Hangs} hangs, {ServerErrors} 5xx{notRun}; {rss}";
    }

    private string RssLine()
    {
        if (RssStart is null)
        {
            return "RSS: not measured (give --pid with --url).";
        }

        var restarts = Restarts > 0 ? $" (the server was restarted {Restarts} times after crashes, hangs or the RSS limit; the start is its last start's)" : "";
        var peak = Endpoints.Max(e => e.RssPeak);
        var end = RssEnd is null
            ? "no end or idle reading: the server was lost"
            : $"end {MiB(RssEnd):F0} MiB, after {Options.Idle.TotalSeconds:F0} s idle {MiB(RssIdle):F0} MiB";
        var firstUse = RssFirstUse is { } first && RssIdle is { } idle
            ? $" After one request per engine (before the warm-up pass) it was {MiB(first):F0} MiB; idle is {(double)idle / first - 1:+0%;-0%} from there."
            : "";
        var startedAfter = WarmUp.Count > 0 ? "after the warm-up pass" : "after warm-up";
        return $"RSS: start {MiB(RssStart):F0} MiB {startedAfter}, peak {MiB(peak):F0} MiB, {end}{restarts}.{firstUse}";
    }

    private void AppendFailures(StringBuilder text)
    {
        var rows = AllTallies
            .SelectMany(e => e.Failures.Select(f => (Endpoint: WarmUp.Contains(e) ? $"{e.Endpoint} (warm-up)" : e.Endpoint, Case: f.Key, f.Value)))
            .OrderByDescending(r => r.Value.InFlightAtCrash).ThenByDescending(r => r.Value.ServerErrors + r.Value.Hangs + r.Value.TransportFailures)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable("endpoint", "case", "5xx", "hangs", "transport", "in flight when lost", "first 5xx/transport message");
        foreach (var (endpoint, name, f) in rows.Take(FailureRows))
        {
            table.Add(endpoint, name, f.ServerErrors, f.Hangs, f.TransportFailures, f.InFlightAtCrash, f.Sample);
        }

        text.AppendLine($"### Failures by case ({Math.Min(rows.Count, FailureRows)} of {rows.Count})").AppendLine().Append(table).AppendLine();
    }

    private void AppendCrashes(StringBuilder text)
    {
        foreach (var crash in Crashes)
        {
            text.AppendLine($"### {crash.Endpoint}: {crash.Reason}").AppendLine()
                .AppendLine($"In flight: {string.Join(", ", crash.InFlight.Distinct())}").AppendLine();
            var tail = crash.OutputTail.Split('\n').TakeLast(OutputLines).Select(l => l.Length > 240 ? l[..240] + "…" : l).ToArray();
            if (tail.Any(l => l.Length > 0))
            {
                text.AppendLine("```").AppendLine(string.Join('\n', tail).TrimEnd()).AppendLine("```").AppendLine();
            }
        }
    }

    private static double MiB(long? bytes) => bytes is { } b ? b / (1024.0 * 1024.0) : double.NaN;
}
