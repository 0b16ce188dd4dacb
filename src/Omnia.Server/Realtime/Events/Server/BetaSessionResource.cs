using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>The beta session: flat audio fields, format names like <c>pcm16</c>, <c>modalities</c> with text always in.</summary>
internal sealed record BetaSessionResource(string Id, string Model, string Instructions) : RealtimeSessionResource(Id, Model, Instructions)
{
    public IReadOnlyList<string> Modalities { get; init; } = [];
    public required string Voice { get; init; }
    public required string InputAudioFormat { get; init; }
    public required string OutputAudioFormat { get; init; }
    public SessionTranscription? InputAudioTranscription { get; init; }
    public SessionTurnDetection? TurnDetection { get; init; }
    public float Temperature { get; init; }

    /// <summary>null is <c>"inf"</c>.</summary>
    [JsonConverter(typeof(InfOrIntegerConverter))]
    public int? MaxResponseOutputTokens { get; init; }
}
