namespace Omnia.Engines.Classic.Tests;

/// <summary>Word error rate: word-level Levenshtein distance divided by the number of reference words.</summary>
internal static class WordErrorRate
{
    public static int Distance(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var previous = Enumerable.Range(0, hypothesis.Count + 1).ToArray();
        for (var i = 1; i <= reference.Count; i++)
        {
            var current = new int[hypothesis.Count + 1];
            current[0] = i;
            for (var j = 1; j <= hypothesis.Count; j++)
            {
                var substitution = previous[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            previous = current;
        }
        return previous[hypothesis.Count];
    }

    /// <summary>The word error rate of <paramref name="hypothesis"/> against the reference words.</summary>
    public static double Of(IReadOnlyList<string> reference, string hypothesis) =>
        Distance(reference, Words(hypothesis)) / (double)reference.Count;

    public static string[] Words(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
