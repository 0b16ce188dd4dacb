using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// The <c>image_generation</c> tool ran: <c>result</c> is the image in base64 (null until it is done),
/// <c>revised_prompt</c> the prompt the model wrote for it, and the options it was drawn with.
/// </summary>
public sealed record ImageGenerationCallItem(string Id, string Status, string? Result) : ResponseItem(Id)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RevisedPrompt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Size { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Quality { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OutputFormat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Background { get; init; }
}
