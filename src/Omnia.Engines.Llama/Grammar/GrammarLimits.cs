namespace Omnia.Engines.Llama.Grammar;

/// <summary>
/// Bounds on what a JSON schema may compile to, so no request under 1 MB can make llama.cpp abort, allocate without
/// bound, or slow the shared decode loop for everyone else.
/// </summary>
/// <remarks>
/// llama.cpp's grammar parser expands <c>x{m,n}</c> into <c>n</c> rules and refuses (then the sampler is null and the
/// process dies) a sequence whose repetition counts multiply to 2000 or more; the per-step cost of grammar sampling
/// grows with the number of parse stacks a position fans out to (measured by <c>bench grammar</c>).
/// </remarks>
internal static class GrammarLimits
{
    /// <summary>
    /// The largest count in a <c>{m,n}</c> repetition, and the largest product of counts in one sequence: half of
    /// llama.cpp's own refusal threshold (2000). A larger <c>maxLength</c>/<c>maxItems</c> compiles unbounded; a larger
    /// <c>minLength</c>/<c>minItems</c> is refused.
    /// </summary>
    public const int MaxRepetition = 1000;

    /// <summary>
    /// The most parse stacks one position may fan out to (an <c>enum</c> of N values fans out to N; so do anyOf
    /// branches, type arrays and required tools). Each stack is matched against the vocabulary every step on the
    /// shared loop: <c>bench grammar</c> measured normal streams' p50 step at about 2.2x (p95 about 5x) beside a stream
    /// at this bound, against 1.2x at 16 and 5x (p95 14x) at 250, relative to a stream with a one-value enum.
    /// </summary>
    public const int MaxFanOut = 128;

    /// <summary>How deeply schemas may nest, counting each <c>$ref</c> followed.</summary>
    public const int MaxDepth = 32;

    /// <summary>The longest grammar text (UTF-16 characters) handed to llama.cpp.</summary>
    public const int MaxGrammarChars = 256 * 1024;

    /// <summary>
    /// The most grammar elements after llama.cpp expands repetitions (about 8 bytes each, plus rule overhead): caps
    /// the native memory one grammar takes at a few MB.
    /// </summary>
    public const int MaxExpandedElements = 250_000;
}
