namespace Omnia.Bench.Fuzz;

/// <summary>A server that died (or was killed at the RSS limit) during an endpoint's run, with what it was serving.</summary>
internal sealed record FuzzCrash(string Endpoint, string Reason, IReadOnlyList<string> InFlight, string OutputTail);
