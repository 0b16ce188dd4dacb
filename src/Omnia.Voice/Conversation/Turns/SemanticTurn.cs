namespace Omnia.Voice.Conversation;

/// <summary>
/// Semantic turn detection's end-of-turn rule: the pause that ends a turn depends on what was said so far.
/// <para>
/// With a model's probability <c>p</c> that the words so far are a finished turn (the chat model's end-of-turn
/// token, read from the prefill; Smart Turn; the n-gram LM): at or above the eagerness's "sure" level (high 0.5,
/// medium and auto 0.7, low 0.9) half the base pause ends the turn (75 / 150 / 300 ms); at or above its threshold
/// (high 0.1, medium and auto 0.3, low 0.5) the base pause (150 / 300 / 600 ms); below it, capped (auto) the word
/// rule's longest pause, else a pause growing in proportion up to OpenAI's longest waits (high 2 s, medium and auto
/// 4 s, low 8 s) at <c>p = 0</c>. The n-gram LM puts finished turns at 0.77–0.99 and unfinished phrases at
/// 0.001–0.23, so a clear end is answered after 150 ms and a phrase that stops mid-sentence waits 1.2 s. An instruct
/// model puts most of its mass on the end-of-turn token after a finished request and almost none after "book a
/// table for", so the thresholds sit low; they are not yet calibrated on a real model here (none is reachable).
/// </para>
/// <para>
/// Without a probability, the word rule: the base pause, three times as long when the words so far end in one that
/// promises more ("and", "but", "the", "to", "um"…), so a speaker who is thinking is not cut off.
/// </para>
/// </summary>
public static class SemanticTurn
{
    private static readonly HashSet<string> Continuations = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "but", "or", "so", "because", "the", "a", "an", "to", "of", "with", "for", "in", "on", "at", "my", "your",
        "is", "are", "was", "if", "that", "which", "um", "uh", "er", "like", "then", "when", "while", "about", "from",
    };

    /// <summary>The longest pause the rule waits at this eagerness (OpenAI's semantic_vad caps): the detector's own silence limit.</summary>
    public static int LongestWaitMs(TurnEagerness eagerness) => eagerness switch
    {
        TurnEagerness.High => 2000,
        TurnEagerness.Low => 8000,
        _ => 4000,
    };

    /// <summary>The longest pause the word rule waits (after a word that promises more): three times the base pause.</summary>
    public static int UnfinishedPauseMs(TurnEagerness eagerness) => 3 * BasePauseMs(eagerness);

    /// <summary>
    /// In <c>auto</c>, the pause after words a model scores as unlikely to end the turn: four times the base pause
    /// (600 / 1,200 / 2,400 ms), not OpenAI's seconds, since a misheard finished turn scores low too; longer than
    /// the word rule's, because a speaker's last quiet syllable ("for" in "book a table for") can count as pause.
    /// </summary>
    public static int UnlikelyEndPauseMs(TurnEagerness eagerness) => 4 * BasePauseMs(eagerness);

    /// <summary>
    /// The pause that ends the turn after <paramref name="partialTranscript"/>, given a model's <paramref name="endOfTurn"/>
    /// probability if any; <paramref name="longestMs"/> caps a model's wait (default: <see cref="LongestWaitMs"/>).
    /// </summary>
    public static int RequiredPauseMs(TurnEagerness eagerness, string partialTranscript, double? endOfTurn = null, int? longestMs = null)
    {
        var basePause = BasePauseMs(eagerness);
        if (endOfTurn is { } p)
        {
            var (threshold, sure) = eagerness switch
            {
                TurnEagerness.High => (0.1, 0.5),
                TurnEagerness.Low => (0.5, 0.9),
                _ => (0.3, 0.7),
            };
            if (p >= sure) return basePause / 2;
            if (p >= threshold) return basePause;
            // Capped (auto), an unlikely end waits as long as after a word that promises more; a model chosen by
            // name is trusted further: the less likely, the longer, up to OpenAI's longest wait.
            if (longestMs is { } cap) return cap;
            return basePause + (int)((LongestWaitMs(eagerness) - basePause) * (1 - p / threshold));
        }
        var words = partialTranscript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var unfinished = words.Length > 0 && Continuations.Contains(words[^1]);
        return unfinished ? basePause * 3 : basePause;
    }

    private static int BasePauseMs(TurnEagerness eagerness) => eagerness switch
    {
        TurnEagerness.High => 150,
        TurnEagerness.Low => 600,
        _ => 300,
    };
}
