namespace Omnia.Voice.Conversation;

/// <summary>What a message's content is: typed or spoken, by the user or the assistant (spoken content carries its transcript).</summary>
public enum ContentKind
{
    InputText,
    InputAudio,
    OutputText,
    OutputAudio,
}
