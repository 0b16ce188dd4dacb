namespace Omnia.Bench.Fuzz;

/// <summary>A generator of malformed (and some valid) requests for one endpoint family.</summary>
/// <remarks>
/// Generators are deterministic in the <see cref="Random"/> they are given and keep no state between calls, so a
/// corpus is reproduced from its seed (see <see cref="FuzzSequence"/>) and tests can draw from the same generators.
/// </remarks>
public interface IFuzzCorpus<out TRequest>
{
    /// <summary>The endpoint as shown in the tables, e.g. <c>/v1/chat/completions</c>.</summary>
    string Endpoint { get; }

    /// <summary>The exact inputs issue #10 found harmful; every run replays each of them once, so a regression shows.</summary>
    IReadOnlyList<TRequest> Findings { get; }

    /// <summary>One random request of this family.</summary>
    TRequest Next(Random random);
}
