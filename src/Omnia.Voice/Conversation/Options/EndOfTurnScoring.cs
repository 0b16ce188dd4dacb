namespace Omnia.Voice.Conversation;

/// <summary>What semantic turn detection reads to decide that the user has finished.</summary>
public enum EndOfTurnScoring
{
    /// <summary>
    /// The first that has an answer for the words so far: the chat model's own probability, then the installed
    /// end-of-turn model (Smart Turn before the n-gram LM), then the word rule.
    /// </summary>
    Auto,

    /// <summary>The probability of the chat model's end-of-turn token after the live transcript, read from the prefill.</summary>
    ChatModel,

    /// <summary>Smart Turn v3: an audio model that hears from the last 8 s whether the user has finished.</summary>
    SmartTurn,

    /// <summary>An n-gram language model's probability that the sentence ends after the last words.</summary>
    NGram,

    /// <summary>The word rule: a longer pause after a word that promises more ("and", "the", "to"…).</summary>
    Words,
}
