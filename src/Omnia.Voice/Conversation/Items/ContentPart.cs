namespace Omnia.Voice.Conversation;

/// <summary>A message's content: its text, or the transcript of what was heard or said (null until it is known).</summary>
public sealed record ContentPart(ContentKind Kind, string? Text)
{
    public bool IsAudio => Kind is ContentKind.InputAudio or ContentKind.OutputAudio;
}
