namespace Omnia.Bench;

/// <summary>One measured turn: true end of speech to the first audio delta received, and the server's own trace.</summary>
/// <param name="LatencyMs">Null when no answer arrived within the turn's time limit.</param>
/// <param name="Interrupted">Responses that a turn end inside the utterance started: cancelled by the speech going on, or answered before it ended.</param>
/// <param name="ServerTrace">The answer's <c>response.omnia.latency</c> (stage_ms → ms after the server's true end of speech).</param>
internal sealed record RealtimeTurn(double? LatencyMs, int Interrupted, string? Transcript, IReadOnlyDictionary<string, double> ServerTrace)
{
    /// <summary>For a missed turn, the server events it saw (repeats collapsed), to tell why.</summary>
    public string? Trail { get; init; }
}
