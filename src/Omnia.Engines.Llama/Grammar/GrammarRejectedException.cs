namespace Omnia.Engines.Llama.Grammar;

/// <summary>A grammar that <see cref="GbnfCheck"/> will not hand to llama.cpp.</summary>
internal sealed class GrammarRejectedException : Exception
{
    public GrammarRejectedException(string problem, string? rule = null)
        : base(rule is null ? problem : $"rule '{rule}' {problem}")
    {
        Problem = problem;
        Rule = rule;
    }

    /// <summary>What is wrong, phrased to follow the name of whatever <see cref="Rule"/> came from.</summary>
    public string Problem { get; }

    /// <summary>The rule to blame, when one is.</summary>
    public string? Rule { get; }
}
