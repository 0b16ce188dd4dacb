using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Omnia.Engines.Remote;

/// <summary>The remote engine's instruments (meter <c>Omnia.Engines.Remote</c>).</summary>
internal static class RemoteMetrics
{
    public const string MeterName = "Omnia.Engines.Remote";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Routed = Meter.CreateCounter<long>(
        "omnia.remote.affinity_routed", "{request}",
        "Requests routed by prefix affinity: affinity=hit (back to the upstream holding the conversation), "
        + "moved (that upstream was down or saturated), new (no known prefix).");

    public static void Record(string model, AffinityOutcome outcome) =>
        Routed.Add(1, new TagList { { "model", model }, { "affinity", outcome.Name } });
}
