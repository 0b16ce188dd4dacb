namespace Omnia.Engines.Llama.Caching;

/// <summary>
/// One piece of what a KV sequence holds, as the prompt cache compares it: a text token (its id) or a whole image or
/// sound (a hash of its bytes, so the same medium sent again matches). Media take many cells, and with M-RoPE fewer
/// positions than cells, so each unit says how much it takes of both.
/// </summary>
internal readonly record struct PromptUnit(long Key, int Positions, int Cells)
{
    public static PromptUnit Token(int token) => new(token, 1, 1);

    /// <summary>Media keys are negative, so no medium can equal a token id.</summary>
    public static PromptUnit Media(ulong hash, int positions, int cells) => new((long)(hash | (1UL << 63)), positions, cells);
}
