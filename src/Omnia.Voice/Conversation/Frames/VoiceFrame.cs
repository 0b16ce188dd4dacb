namespace Omnia.Voice.Conversation;

/// <summary>
/// Something the conversation tells its transport and observers, in order. Frames are values: the items and
/// responses they carry are snapshots.
/// </summary>
public abstract record VoiceFrame
{
    private protected VoiceFrame()
    {
    }

    /// <summary>When the conversation emitted the frame (<see cref="TimeProvider.GetTimestamp"/> of its clock).</summary>
    public long Timestamp { get; init; }
}
