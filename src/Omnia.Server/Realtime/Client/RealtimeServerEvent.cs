namespace Omnia.Server.Realtime.Client;

/// <summary>One server event, parsed at the edge into the fields a client acts on, stamped with when it was received.</summary>
/// <param name="Type">The event type, e.g. <c>response.output_audio.delta</c>.</param>
/// <param name="ReceivedTimestamp">The client's <see cref="TimeProvider"/> timestamp when the message was complete.</param>
public sealed record RealtimeServerEvent(string Type, long ReceivedTimestamp)
{
    public string? ItemId { get; init; }
    public string? ResponseId { get; init; }

    /// <summary>A transcript or text delta, a completed transcript, or an error's message.</summary>
    public string? Text { get; init; }

    /// <summary>Decoded audio of an audio delta (pcm16 little-endian at 24 kHz unless the session asked otherwise).</summary>
    public ReadOnlyMemory<byte> Audio { get; init; }

    /// <summary><c>response.done</c>: completed, cancelled, incomplete or failed.</summary>
    public string? Status { get; init; }

    /// <summary><c>response.done</c>: the ids of the response's output items.</summary>
    public IReadOnlyList<string> OutputItemIds { get; init; } = [];

    /// <summary><c>response.done</c>: Omnia's latency trace (stage → ms after the true end of speech), empty from other servers.</summary>
    public IReadOnlyDictionary<string, double> Latency { get; init; } = new Dictionary<string, double>();
}
