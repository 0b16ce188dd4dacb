namespace Omnia.Voice.Conversation;

/// <summary>
/// Semantic turn detection's end-of-turn rule. The turn ends after a pause whose length depends on what was said so far:
/// a base pause by eagerness (high 150 ms, medium and auto 300 ms, low 600 ms), three times as long when the words
/// so far end in one that promises more ("and", "but", "the", "to", "um"…), so a speaker who is thinking is not cut
/// off, while a finished sentence is answered quickly.
/// </summary>
public static class SemanticTurn
{
    /// <summary>The longest pause the rule ever waits; the detector's own silence limit.</summary>
    public const int LongestWaitMs = 1800;

    private static readonly HashSet<string> Continuations = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "but", "or", "so", "because", "the", "a", "an", "to", "of", "with", "for", "in", "on", "at", "my", "your",
        "is", "are", "was", "if", "that", "which", "um", "uh", "er", "like", "then", "when", "while", "about", "from",
    };

    public static int RequiredPauseMs(TurnEagerness eagerness, string partialTranscript)
    {
        var basePause = eagerness switch
        {
            TurnEagerness.High => 150,
            TurnEagerness.Low => 600,
            _ => 300,
        };
        var words = partialTranscript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var unfinished = words.Length > 0 && Continuations.Contains(words[^1]);
        return Math.Min(LongestWaitMs, unfinished ? basePause * 3 : basePause);
    }
}
