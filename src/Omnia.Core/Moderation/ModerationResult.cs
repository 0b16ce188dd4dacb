namespace Omnia.Moderation;

/// <summary>What a guard model decided about one piece of content.</summary>
/// <param name="Flagged">The guard's verdict: unsafe. A hazard with no OpenAI counterpart (privacy, say) flags without a category.</param>
/// <param name="Categories">The flagged categories, named as in <see cref="ModerationCategories"/>.</param>
/// <param name="Scores">A score per flagged category; every other category scores 0.</param>
/// <param name="Hazards">The guard's own hazard codes (Llama Guard's <c>S1</c>…<c>S14</c>), for logs.</param>
public sealed record ModerationResult(
    bool Flagged,
    IReadOnlySet<string> Categories,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<string> Hazards)
{
    public static ModerationResult Safe { get; } = new(false, new HashSet<string>(), new Dictionary<string, double>(), []);

    public double Score(string category) => Scores.GetValueOrDefault(category);
}
