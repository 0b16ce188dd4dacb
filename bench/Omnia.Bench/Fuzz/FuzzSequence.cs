namespace Omnia.Bench.Fuzz;

/// <summary>
/// The <c>count</c> requests a run sends to one endpoint: the corpus's findings spread evenly through the run, random
/// requests elsewhere. Request <c>i</c> depends only on the seed and <c>i</c>, so concurrent workers reproduce the
/// same corpus in any order and nothing large is held in memory.
/// </summary>
public sealed class FuzzSequence<TRequest>(IFuzzCorpus<TRequest> corpus, int seed, int count)
{
    public int Count => count;

    public TRequest At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var findings = corpus.Findings;
        if (findings.Count > 0)
        {
            // Finding k sits at floor(k·count/n), so a short run still meets the first ones and a long run meets all.
            var stride = (double)count / findings.Count;
            var k = (int)Math.Ceiling(index / stride);
            if (k < findings.Count && (int)Math.Floor(k * stride) == index)
            {
                return findings[k];
            }
        }

        // System.Random with a seed runs the same algorithm on every .NET, so the corpus is stable across machines.
        return corpus.Next(new Random(unchecked((seed * 1_000_003) + index)));
    }
}
