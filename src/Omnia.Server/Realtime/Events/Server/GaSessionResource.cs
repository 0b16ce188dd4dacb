using System.Text.Json.Serialization;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>The GA session: audio settings nested under <c>audio.input</c> and <c>audio.output</c>.</summary>
internal sealed record GaSessionResource(string Id, string Model, string Instructions) : RealtimeSessionResource(Id, Model, Instructions)
{
    [JsonPropertyOrder(-2)]
    public string Type => "realtime";
    public IReadOnlyList<string> OutputModalities { get; init; } = [];
    public required SessionAudio Audio { get; init; }

    /// <summary>null is <c>"inf"</c>.</summary>
    [JsonConverter(typeof(InfOrIntegerConverter))]
    public int? MaxOutputTokens { get; init; }

    [JsonConverter(typeof(TruncationConverter))]
    public ConversationTruncation Truncation { get; init; } = ConversationTruncation.Auto;

    /// <summary>Omnia's own settings (the translation preset); null when none is set.</summary>
    public SessionOmnia? Omnia { get; init; }
}

internal sealed record SessionAudio(SessionAudioInput Input, SessionAudioOutput Output);

internal sealed record SessionAudioInput(WireAudioFormat Format, SessionTranscription? Transcription, SessionTurnDetection? TurnDetection)
{
    /// <summary>Omnia does not reduce noise; the field is there, null, as OpenAI writes it when off.</summary>
    public object? NoiseReduction => null;
}

internal sealed record SessionAudioOutput(WireAudioFormat Format, string Voice, float Speed);

internal sealed record SessionOmnia(SessionTranslate Translate);

internal sealed record SessionTranslate(string From, string To, string Engine);
