namespace Omnia.Engines.Llama.Grammar;

/// <summary>One element of a GBNF sequence, as far as the checks in <see cref="GbnfCheck"/> need to know it.</summary>
internal abstract record GbnfItem
{
    /// <summary>A literal of <paramref name="Length"/> characters, a character class or <c>.</c> (length 1).</summary>
    public sealed record Terminal(int Length) : GbnfItem;

    /// <summary>A reference to a rule; a parenthesized group is a generated rule referenced in its place.</summary>
    public sealed record Reference(string Rule) : GbnfItem;

    /// <summary><c>*</c>, <c>+</c>, <c>?</c> or <c>{m,n}</c> applied to <paramref name="Item"/>; no maximum is null.</summary>
    public sealed record Repeat(GbnfItem Item, int Min, int? Max) : GbnfItem;
}
