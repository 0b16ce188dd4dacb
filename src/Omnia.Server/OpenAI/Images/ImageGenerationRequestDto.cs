namespace Omnia.Server.OpenAI.Images;

/// <summary>The body of <c>POST /v1/images/generations</c> (and the text fields of <c>/v1/images/edits</c>' form); <c>seed</c> and <c>steps</c> are Omnia's own.</summary>
public sealed record ImageGenerationRequestDto
{
    public string? Model { get; init; }
    public string? Prompt { get; init; }
    public int? N { get; init; }
    public string? Size { get; init; }
    public string? Quality { get; init; }
    public string? ResponseFormat { get; init; }
    public string? OutputFormat { get; init; }
    public int? OutputCompression { get; init; }
    public string? Background { get; init; }
    public string? Moderation { get; init; }
    public string? Style { get; init; }
    public string? User { get; init; }
    public bool? Stream { get; init; }
    public int? PartialImages { get; init; }
    public long? Seed { get; init; }
    public int? Steps { get; init; }
}
