using System.Text.Json;

namespace Omnia.Server.OpenAI.Moderation;

/// <summary>The body of <c>POST /v1/moderations</c>; <see cref="Input"/> is a string, strings, or multimodal parts, so it stays JSON until parsed.</summary>
public sealed record ModerationRequest
{
    public string? Model { get; init; }
    public JsonElement? Input { get; init; }
}
