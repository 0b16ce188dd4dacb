namespace Omnia.Server.Realtime.Client;

/// <summary>How a <see cref="RealtimeSocketClient"/> session ends turns: <c>server_vad</c> or <c>semantic_vad</c>, with optional tuning.</summary>
/// <param name="Type"><c>server_vad</c> or <c>semantic_vad</c>.</param>
/// <param name="SilenceDurationMs">server_vad: silence that ends a turn (the server's default is 500).</param>
/// <param name="PrefixPaddingMs">server_vad: audio kept before the detected start of speech (default 300).</param>
/// <param name="Eagerness">semantic_vad: low, medium, high or auto.</param>
public sealed record RealtimeTurnDetection(string Type, int? SilenceDurationMs = null, int? PrefixPaddingMs = null, string? Eagerness = null)
{
    /// <summary>server_vad with the server's defaults.</summary>
    public static RealtimeTurnDetection ServerVad { get; } = new("server_vad");
}
