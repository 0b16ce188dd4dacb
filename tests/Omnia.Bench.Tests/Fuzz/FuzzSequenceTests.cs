using Omnia.Bench.Fuzz;

namespace Omnia.Bench.Tests.Fuzz;

public sealed class FuzzSequenceTests
{
    public static TheoryData<string> Corpora => new(HttpCorpora.Names);

    [Theory]
    [MemberData(nameof(Corpora))]
    public void The_same_seed_sends_the_same_requests_and_another_seed_does_not(string name)
    {
        var corpus = HttpCorpora.Create(name);
        var first = new FuzzSequence<FuzzRequest>(corpus, seed: 7, count: 400);
        var again = new FuzzSequence<FuzzRequest>(corpus, seed: 7, count: 400);
        var other = new FuzzSequence<FuzzRequest>(corpus, seed: 8, count: 400);

        // Backwards, as concurrent workers may ask: a request depends on its index only.
        for (var i = first.Count - 1; i >= 0; i--)
        {
            Assert.True(Same(first.At(i), again.At(i)), $"request {i} differs between two runs of seed 7");
        }

        Assert.Contains(Enumerable.Range(0, first.Count), i => !Same(first.At(i), other.At(i)));
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void A_run_longer_than_the_findings_sends_each_finding_exactly_once(string name)
    {
        var corpus = HttpCorpora.Create(name);
        var sequence = new FuzzSequence<FuzzRequest>(corpus, seed: 1, count: 1000);

        var sent = Enumerable.Range(0, sequence.Count).Select(sequence.At).ToList();

        foreach (var finding in corpus.Findings)
        {
            Assert.Single(sent, r => ReferenceEquals(r, finding));
        }
    }

    [Fact]
    public void A_run_shorter_than_the_findings_sends_only_findings_and_starts_with_the_first()
    {
        var corpus = new ChatCorpus("stories260K", 10 << 20);
        var sequence = new FuzzSequence<FuzzRequest>(corpus, seed: 1, count: 5);

        var sent = Enumerable.Range(0, sequence.Count).Select(sequence.At).ToList();

        Assert.Same(corpus.Findings[0], sent[0]);
        Assert.All(sent, r => Assert.StartsWith("finding:", r.Case, StringComparison.Ordinal));
        Assert.Equal(5, sent.Distinct().Count());
    }

    private static bool Same(FuzzRequest a, FuzzRequest b) =>
        a.Case == b.Case && a.Method == b.Method && a.Path == b.Path && a.ContentType == b.ContentType
        && (a.Body ?? []).AsSpan().SequenceEqual(b.Body ?? []);
}
