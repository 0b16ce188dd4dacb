namespace Omnia.Voice.Conversation;

/// <summary>A conversation's settings; an update replaces them whole.</summary>
public sealed record VoiceConversationOptions
{
    /// <summary>How the conversation's own responses (and, unless overridden, requested ones) are made.</summary>
    public ResponseOptions Response { get; init; } = new();

    public TurnDetectionOptions TurnDetection { get; init; } = new();

    /// <summary>Whether the user's speech is transcribed for the client (the chat model hears the transcript either way).</summary>
    public bool Transcribe { get; init; } = true;

    /// <summary>How a chat model with its own audio encoder gets the user's speech.</summary>
    public AudioInputPath AudioInput { get; init; } = AudioInputPath.Auto;

    /// <summary>What happens when the conversation outgrows the model's context.</summary>
    public ConversationTruncation Truncation { get; init; } = ConversationTruncation.Auto;

    public ConversationLimits Limits { get; init; } = new();
}
