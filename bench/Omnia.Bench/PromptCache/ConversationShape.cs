namespace Omnia.Bench.PromptCache;

/// <summary>How the conversations of one part of the <c>conversation</c> bench take turns.</summary>
internal enum ConversationShape
{
    /// <summary>One conversation, turn after turn.</summary>
    Single,

    /// <summary>Two conversations taking turns: A1 B1 A2 B2 …, one request at a time.</summary>
    Interleaved,

    /// <summary>Several conversations at once, each sending its next turn when its previous answer ended.</summary>
    Concurrent,
}
