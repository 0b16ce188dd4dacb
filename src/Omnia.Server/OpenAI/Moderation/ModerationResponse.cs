namespace Omnia.Server.OpenAI.Moderation;

/// <summary>The answer of <c>POST /v1/moderations</c>: one result per input.</summary>
public sealed record ModerationResponse(string Id, string Model, IReadOnlyList<ModerationResultDto> Results);

/// <summary>One input's verdict; every OpenAI category is listed, keyed by its name (<c>self-harm/intent</c>, …).</summary>
public sealed record ModerationResultDto(
    bool Flagged,
    IReadOnlyDictionary<string, bool> Categories,
    IReadOnlyDictionary<string, double> CategoryScores,
    IReadOnlyDictionary<string, IReadOnlyList<string>> CategoryAppliedInputTypes);
