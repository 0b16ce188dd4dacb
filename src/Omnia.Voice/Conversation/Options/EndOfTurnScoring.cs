namespace Omnia.Voice.Conversation;

/// <summary>What semantic turn detection reads to decide that the user has finished.</summary>
public enum EndOfTurnScoring
{
    /// <summary>The chat model's own end-of-turn probability when it gives one, else the word rule.</summary>
    Auto,

    /// <summary>The probability of the chat model's end-of-turn token after the live transcript, read from the prefill.</summary>
    ChatModel,

    /// <summary>The word rule: a longer pause after a word that promises more ("and", "the", "to"…).</summary>
    Words,
}
