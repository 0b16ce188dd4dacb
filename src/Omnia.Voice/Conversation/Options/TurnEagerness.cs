namespace Omnia.Voice.Conversation;

/// <summary>How soon semantic turn detection answers a pause.</summary>
public enum TurnEagerness
{
    Auto,
    Low,
    Medium,
    High,
}
