namespace Omnia.Voice.Conversation;

/// <summary>Why a response was cancelled.</summary>
public enum CancelReason
{
    /// <summary>The client asked.</summary>
    ClientCancelled,

    /// <summary>The user started speaking over it (barge-in).</summary>
    TurnDetected,

    /// <summary>The conversation closed.</summary>
    ClientDisconnected,
}
