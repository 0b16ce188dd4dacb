namespace Omnia.Engines.Llama.Caching;

/// <summary>
/// Cached units a new prompt has again further on than the cache held them: the <paramref name="Length"/> units from
/// <paramref name="CacheIndex"/> move back so they follow what is kept before them.
/// </summary>
internal readonly record struct ShiftedRun(int CacheIndex, int Length)
{
    /// <summary>
    /// The runs of <paramref name="cache"/>, in order, that continue <paramref name="prompt"/> after its first
    /// <paramref name="kept"/> units with nothing between them (llama.cpp server's <c>--cache-reuse</c> scan): where the
    /// cache holds a stretch the prompt no longer has (the oldest turns a truncation dropped), the units after it are
    /// found again. Only text tokens move (a medium's positions are not shifted) and the prompt's last unit is left to
    /// decode for its logits.
    /// </summary>
    /// <param name="minLength">Shorter runs are decoded again: a few matching tokens are chance, and every moved cell
    /// keeps what it attended to where it was.</param>
    public static List<ShiftedRun> Find(SlotContent cache, IReadOnlyList<PromptUnit> prompt, int kept, int minLength)
    {
        var runs = new List<ShiftedRun>();
        var (inCache, inPrompt, last) = (kept, kept, prompt.Count - 1);
        while (inCache < cache.Count && inPrompt < last)
        {
            var length = 0;
            while (inCache + length < cache.Count && inPrompt + length < last
                && cache[inCache + length] == prompt[inPrompt + length] && IsToken(prompt[inPrompt + length]))
                length++;
            if (length >= minLength)
            {
                runs.Add(new ShiftedRun(inCache, length));
                inCache += length;
                inPrompt += length;
            }
            else inCache++;
        }
        return runs;
    }

    private static bool IsToken(PromptUnit unit) => unit.Key >= 0;
}
