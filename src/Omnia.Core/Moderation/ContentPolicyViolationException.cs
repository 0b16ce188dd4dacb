namespace Omnia.Moderation;

/// <summary>A guardrail in <c>refuse</c> mode flagged the request's input; the server answers 400 <c>content_policy_violation</c>.</summary>
public sealed class ContentPolicyViolationException(ModerationResult result)
    : Exception($"The request was flagged by the moderation guardrail{Describe(result)} and was not processed.")
{
    public ModerationResult Result { get; } = result;

    private static string Describe(ModerationResult result) =>
        result.Categories.Count > 0 ? $" ({string.Join(", ", result.Categories.Order(StringComparer.Ordinal))})" : "";
}
