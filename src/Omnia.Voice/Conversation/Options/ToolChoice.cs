namespace Omnia.Voice.Conversation;

/// <summary>Whether the model may, must, or must not call the tools it is given.</summary>
public enum ToolChoice
{
    Auto,
    None,
    Required,
}
