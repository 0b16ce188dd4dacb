namespace Omnia.Voice.Conversation;

/// <summary>Where a response stands.</summary>
public enum ResponseStatus
{
    InProgress,
    Completed,
    Cancelled,
    Failed,
}
