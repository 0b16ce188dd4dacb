namespace Omnia.Voice.Conversation;

/// <summary>Where an item stands: still being written, finished, or cut short (cancelled or truncated).</summary>
public enum ItemStatus
{
    Completed,
    InProgress,
    Incomplete,
}
