using System.Collections.Concurrent;

namespace Omnia.Bench.Fuzz;

/// <summary>Stops one endpoint's run once, for the first reason given: a crash, too many hangs, the RSS limit.</summary>
internal sealed class EndpointStop : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly object _gate = new();

    public EndpointStop(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>The cases being sent, by request index; the runners add and remove them.</summary>
    public ConcurrentDictionary<int, string> InFlight { get; } = new();

    /// <summary>The cases that were in flight when the run stopped: the one that crashed the server is among them.</summary>
    public IReadOnlyList<string> InFlightAtStop { get; private set; } = [];

    /// <summary>Cancelled when the run must stop; requests in flight are abandoned.</summary>
    public CancellationToken Token => _stop.Token;

    public string? Reason { get; private set; }

    public bool Crashed { get; private set; }

    /// <summary>The bench killed the server it started because it passed the RSS limit.</summary>
    public bool Killed { get; private set; }

    /// <summary>The server is no longer the one the run started with (crashed or killed): restart it before going on.</summary>
    public bool ServerLost { get; private set; }

    public void Stop(string reason, bool crashed = false, bool serverLost = false, bool killed = false)
    {
        lock (_gate)
        {
            if (Reason is not null)
            {
                return;
            }

            Reason = reason;
            InFlightAtStop = InFlight.OrderBy(r => r.Key).Select(r => r.Value).ToArray();
            Crashed = crashed;
            Killed = killed;
            ServerLost = crashed || killed || serverLost;
        }

        _stop.Cancel();
    }

    public void Dispose() => _stop.Dispose();
}
