using System.Collections.Concurrent;

namespace Omnia.Bench.Fuzz;

/// <summary>The counts for one endpoint's run, safe to add to from concurrent workers.</summary>
internal sealed class EndpointTally(string endpoint)
{
    private readonly ConcurrentBag<double> _latencies = [];
    private int _sent;
    private int _hangs;
    private int _transport;
    private int _eventsSent;
    private int _errorEvents;

    public string Endpoint => endpoint;

    /// <summary>Answers by HTTP status code.</summary>
    public ConcurrentDictionary<int, int> Statuses { get; } = new();

    /// <summary>Failures by corpus case.</summary>
    public ConcurrentDictionary<string, CaseFailures> Failures { get; } = new();

    public int Sent => _sent;

    public int Hangs => _hangs;

    public int TransportFailures => _transport;

    /// <summary>Realtime sessions by how they ended (<c>closed 1000</c>, <c>aborted</c>, …).</summary>
    public ConcurrentDictionary<string, int> Outcomes { get; } = new();

    public int EventsSent => _eventsSent;

    public int ErrorEvents => _errorEvents;

    public int Crashes { get; set; }

    /// <summary>Times the bench killed the server it started at the RSS limit.</summary>
    public int Killed { get; set; }

    /// <summary>Why the endpoint stopped before its last request, or null.</summary>
    public string? StoppedBecause { get; set; }

    /// <summary>The route answered 404 to a valid request: not served by this build, which is no failure.</summary>
    public bool Absent { get; set; }

    public long? RssBefore { get; set; }

    public long? RssPeak { get; set; }

    public long? RssAfter { get; set; }

    public LatencyStats Latency => LatencyStats.Of(_latencies);

    public int Count(Func<int, bool> statuses) => Statuses.Where(s => statuses(s.Key)).Sum(s => s.Value);

    public int ServerErrors => Count(IsServerError);

    public static bool IsServerError(int status) => status >= 500 && status != 503;

    public void Started() => Interlocked.Increment(ref _sent);

    public void Answered(int status, double milliseconds, string @case, Func<string?> sample)
    {
        Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        _latencies.Add(milliseconds);
        if (IsServerError(status))
        {
            var failures = For(@case);
            if (Interlocked.Increment(ref failures.ServerErrors) == 1)
            {
                failures.Sample = sample();
            }
        }
    }

    public int Hang(string @case)
    {
        Interlocked.Increment(ref For(@case).Hangs);
        return Interlocked.Increment(ref _hangs);
    }

    public void TransportFailure(string @case, string message)
    {
        var failures = For(@case);
        if (Interlocked.Increment(ref failures.TransportFailures) == 1)
        {
            failures.Sample ??= message;
        }

        Interlocked.Increment(ref _transport);
    }

    public void EventSent() => Interlocked.Increment(ref _eventsSent);

    public void ErrorEvent() => Interlocked.Increment(ref _errorEvents);

    public void Outcome(string outcome, double milliseconds)
    {
        Outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        _latencies.Add(milliseconds);
    }

    public void InFlightAtCrash(string @case) => Interlocked.Increment(ref For(@case).InFlightAtCrash);

    private CaseFailures For(string @case) => Failures.GetOrAdd(@case, _ => new CaseFailures());
}
