using System.Diagnostics.Metrics;

namespace Omnia.Server.Realtime;

/// <summary>Realtime instruments (meter <c>Omnia.Server</c>): sessions and each turn's latency by stage.</summary>
public sealed class RealtimeMetrics : IDisposable
{
    private readonly Meter _meter;

    public RealtimeMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(Observability.ServerMetrics.MeterName);
        Sessions = _meter.CreateUpDownCounter<int>("omnia.realtime.sessions", "{session}", "Open realtime sessions.");
        TurnLatency = _meter.CreateHistogram<double>("omnia.realtime.turn_latency", "ms", "From the true end of speech to each stage of the answer.");
    }

    public UpDownCounter<int> Sessions { get; }
    public Histogram<double> TurnLatency { get; }

    public void Dispose() => _meter.Dispose();
}
