using Microsoft.Extensions.AI;

namespace Omnia.Voice.Conversation;

/// <summary>How one response is made: the conversation's defaults, or those with a request's overrides applied.</summary>
public sealed record ResponseOptions
{
    /// <summary>Spoken (audio with its transcript) or text only.</summary>
    public bool Audio { get; init; } = true;

    public string Instructions { get; init; } = "You are a helpful, friendly voice assistant. Answer briefly.";
    public string Voice { get; init; } = "alloy";
    public float? Speed { get; init; }
    public VoiceAudioFormat OutputFormat { get; init; } = VoiceAudioFormat.Pcm16;
    public int? MaxOutputTokens { get; init; }
    public float? Temperature { get; init; }
    public IReadOnlyList<AIFunctionDeclaration> Tools { get; init; } = [];
    public ToolChoice ToolChoice { get; init; } = ToolChoice.Auto;

    /// <summary>Tools the conversation calls itself (offered after <see cref="Tools"/>): their results join the conversation and the answer goes on.</summary>
    public IReadOnlyList<IServerTool> ServerTools { get; init; } = [];

    /// <summary>False for out-of-band answers: nothing is added to the conversation.</summary>
    public bool InConversation { get; init; } = true;

    /// <summary>What the answer is about instead of the whole conversation: items of it by id, or items of its own.</summary>
    public IReadOnlyList<ResponseInput>? Input { get; init; }

    /// <summary>The interpreter preset: the answer is the translation of what the user said.</summary>
    public TranslationPreset? Translation { get; init; }
}
