using Omnia.Engines.Llama.Grammar;

namespace Omnia.Engines.Llama.Tests.Grammar;

/// <summary>
/// The managed GBNF check refuses what llama.cpp would abort on, allocate without bound for, or sample forever from;
/// each refused grammar is also shown to be refused by llama.cpp itself where that is survivable to ask.
/// </summary>
public sealed class GbnfCheckTests(Stories260KModel fixture) : IClassFixture<Stories260KModel>
{
    [Theory]
    [InlineData("root ::= \"a\" b\n", "undefined rule 'b'")]
    [InlineData("start ::= \"a\"\n", "no 'root' rule")]
    [InlineData("root ::= root \"a\" | \"b\"\n", "left recursion")]
    [InlineData("root ::= x \"a\" | \"c\"\nx ::= \"b\"? root\n", "left recursion")]
    [InlineData("root ::= \"a\"{2000}\n", "above 1000")]
    [InlineData("root ::= \"a\"{0,99999999999}\n", "above 1000")]
    [InlineData("root ::= \"a\"{-1,}\n", "expecting an int")]
    [InlineData("root ::= \"a\" x\nx ::= \ny ::= \"b\"\n", "does not parse")]
    [InlineData("root ::= \"\\q\"\n", "unknown escape")]
    [InlineData("root ::= \"abc\n", "does not parse")]
    [InlineData("root ::= [a-\n", "does not parse")]
    [InlineData("root ::= (\"a\"\n", "expecting ')'")]
    [InlineData("root ::= * \"a\"\n", "expecting an item")]
    public void Refuses_what_llama_cpp_would_refuse(string grammar, string why)
    {
        var error = Assert.Throws<GrammarRejectedException>(() => GbnfCheck.Check(grammar));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.False(NativeGrammarProbe.Accepts(fixture.Model, grammar));
    }

    /// <summary>
    /// {5,2} llama.cpp does not refuse: it expands it into ~2^64 rules (hundreds of MB a second, never ending). The
    /// others it accepts, but they are past this server's own bounds (repetitions of at most 1000).
    /// </summary>
    [Theory]
    [InlineData("root ::= \"a\"{5,2}\n", "minimum above its maximum")]
    [InlineData("root ::= \"a\"{0,1001}\n", "above 1000")]
    [InlineData("root ::= \"a\"{40} \"b\"{40}\n", "multiply to more than 1000")]
    public void Refuses_what_llama_cpp_would_expand_without_bound_or_past_the_limits(string grammar, string why)
    {
        var error = Assert.Throws<GrammarRejectedException>(() => GbnfCheck.Check(grammar));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_rule_that_can_never_finish()
    {
        var error = Assert.Throws<GrammarRejectedException>(() => GbnfCheck.Check("root ::= \"[\" a\na ::= \"x\" a\n"));

        Assert.Equal("a", error.Rule);
        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_alternation_that_fans_out_past_the_bound()
    {
        var grammar = "root ::= " + string.Join(" | ", Enumerable.Range(0, GrammarLimits.MaxFanOut + 1).Select(i => $"\"v{i}\"")) + "\n";

        var error = Assert.Throws<GrammarRejectedException>(() => GbnfCheck.Check(grammar));

        Assert.Contains("alternatives", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("root ::= \"a\"{0,1000}\n")]
    [InlineData("root ::= x\nx ::= \"(\" x? \")\" | \"a\"  # a comment\n")]
    [InlineData("root ::= ( \"a\"\n  | \"b\" )+ [^\"\\\\\\x7F\\x00-\\x1F] \"\\u00e9\"\n")]
    public void Accepts_what_llama_cpp_accepts(string grammar)
    {
        GbnfCheck.Check(grammar);

        Assert.True(NativeGrammarProbe.Accepts(fixture.Model, grammar));
    }
}
