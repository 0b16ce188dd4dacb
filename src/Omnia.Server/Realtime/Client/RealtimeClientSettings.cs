namespace Omnia.Server.Realtime.Client;

/// <summary>What a <see cref="RealtimeSocketClient"/> asks for in <c>session.update</c>; null fields keep the server's defaults.</summary>
public sealed record RealtimeClientSettings
{
    public string? Instructions { get; init; }
    public string? Voice { get; init; }
    public int? MaxOutputTokens { get; init; }
    public RealtimeTurnDetection TurnDetection { get; init; } = RealtimeTurnDetection.ServerVad;
}
