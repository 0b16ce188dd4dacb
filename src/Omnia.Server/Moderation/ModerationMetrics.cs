using System.Diagnostics.Metrics;

namespace Omnia.Server.Moderation;

/// <summary>The guardrails' instruments (meter <c>Omnia.Moderation</c>), exported at <c>/metrics</c>.</summary>
public sealed class ModerationMetrics : IDisposable
{
    public const string MeterName = "Omnia.Moderation";

    private readonly Meter _meter;

    public ModerationMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Flagged = _meter.CreateCounter<long>("omnia.moderation.flagged",
            description: "Chat inputs and answers a guardrail flagged, by model, direction (input, output) and action (flagged, refused).");
    }

    public Counter<long> Flagged { get; }

    public void Dispose() => _meter.Dispose();
}
