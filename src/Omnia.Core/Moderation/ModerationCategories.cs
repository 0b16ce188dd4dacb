namespace Omnia.Moderation;

/// <summary>The content categories a moderation result reports: OpenAI's taxonomy, so the API answers in its names.</summary>
public static class ModerationCategories
{
    public const string Harassment = "harassment";
    public const string HarassmentThreatening = "harassment/threatening";
    public const string Hate = "hate";
    public const string HateThreatening = "hate/threatening";
    public const string Illicit = "illicit";
    public const string IllicitViolent = "illicit/violent";
    public const string SelfHarm = "self-harm";
    public const string SelfHarmIntent = "self-harm/intent";
    public const string SelfHarmInstructions = "self-harm/instructions";
    public const string Sexual = "sexual";
    public const string SexualMinors = "sexual/minors";
    public const string Violence = "violence";
    public const string ViolenceGraphic = "violence/graphic";

    /// <summary>Every category, in OpenAI's order; a result lists each one, flagged or not.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Harassment, HarassmentThreatening, Hate, HateThreatening, Illicit, IllicitViolent,
        SelfHarm, SelfHarmIntent, SelfHarmInstructions, Sexual, SexualMinors, Violence, ViolenceGraphic,
    ];
}
