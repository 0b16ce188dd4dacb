namespace Omnia.Bench.PromptCache;

/// <summary>Issue 11's targets for the <c>conversation</c> bench, read off one shape's result.</summary>
internal static class ConversationTargets
{
    public const double MaxLastOverFirst = 1.5;
    public const double MinOffOverOn = 8;
    public const double MinCachedShare = 0.8;

    /// <summary>The shape's targets; the off/on one only where the cache was also measured off.</summary>
    public static IEnumerable<BenchTarget> Of(string scope, ConversationShapeResult result)
    {
        var last = result.Last.Turn;
        yield return BenchTarget.NoMoreThan($"first token at turn {last} / turn 1, cache on", scope, result.LastOverFirst, MaxLastOverFirst);
        if (result.OffMeasured)
        {
            yield return BenchTarget.NoLessThan($"first token cache off / on at turn {last}", scope, result.OffOverOnAtLast, MinOffOverOn);
        }

        yield return BenchTarget.NoLessThan("cached tokens / previous turn's prompt, every turn ≥ 2", scope, result.MinCachedShareOfPrevious, MinCachedShare);
    }
}
