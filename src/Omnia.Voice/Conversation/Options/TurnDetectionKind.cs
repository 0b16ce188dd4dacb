namespace Omnia.Voice.Conversation;

/// <summary>How turns end: the voice activity detector, a semantic end-of-turn rule on top of it, or the client's commit.</summary>
public enum TurnDetectionKind
{
    None,
    ServerVad,
    SemanticVad,
}
