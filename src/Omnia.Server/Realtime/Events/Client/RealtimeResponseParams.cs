using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Client;

/// <summary><c>response.create</c>'s <c>response</c>: this response's overrides of the session's settings, in the GA or the beta shape.</summary>
internal sealed record RealtimeResponseParams
{
    public IReadOnlyList<string>? OutputModalities { get; init; }

    /// <summary>The beta name of <see cref="OutputModalities"/>.</summary>
    public IReadOnlyList<string>? Modalities { get; init; }

    public string? Instructions { get; init; }

    /// <summary>The beta shape's voice; GA's is <c>audio.output.voice</c>.</summary>
    public string? Voice { get; init; }

    public ResponseAudioParams? Audio { get; init; }

    /// <summary>The beta shape's output format; GA's is <c>audio.output.format.type</c>.</summary>
    public string? OutputAudioFormat { get; init; }

    [JsonConverter(typeof(TokenLimitConverter))]
    public TokenLimit? MaxOutputTokens { get; init; }

    /// <summary>The beta name of <see cref="MaxOutputTokens"/>.</summary>
    [JsonConverter(typeof(TokenLimitConverter))]
    public TokenLimit? MaxResponseOutputTokens { get; init; }

    public float? Temperature { get; init; }
    public string? ToolChoice { get; init; }

    /// <summary><c>auto</c> (the answer joins the conversation) or <c>none</c> (it stays out of it).</summary>
    public string? Conversation { get; init; }

    /// <summary>The response's own input instead of the conversation: references to its items, or messages.</summary>
    public IReadOnlyList<ResponseInputParams>? Input { get; init; }
}

internal sealed record ResponseAudioParams(ResponseAudioOutputParams? Output);

internal sealed record ResponseAudioOutputParams(string? Voice, ResponseAudioFormatParams? Format);

internal sealed record ResponseAudioFormatParams(string? Type);

/// <summary>An <c>item_reference</c> (its <c>id</c>) or a message (its role and content).</summary>
internal sealed record ResponseInputParams(string? Type, string? Id, string? Role, IReadOnlyList<RealtimeClientContentPart>? Content);
