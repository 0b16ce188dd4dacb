using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Images;

/// <summary>The answer of <c>POST /v1/images/generations</c> and <c>/v1/images/edits</c>; <c>warnings</c> (a prompt cut to length) is Omnia's own.</summary>
public sealed record ImagesResponseDto(
    long Created,
    IReadOnlyList<ImageDataDto> Data,
    string Background,
    string OutputFormat,
    string Size,
    string Quality,
    ImageUsageDto Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings);

/// <summary>One image; <c>seed</c> is Omnia's own, so a client can make it again.</summary>
public sealed record ImageDataDto(
    string B64Json,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Seed);

/// <summary>Tokens as OpenAI counts them for images: the prompt's tokens in, none counted out for a local engine.</summary>
public sealed record ImageUsageDto(int InputTokens, int OutputTokens, ImageInputTokensDetailsDto InputTokensDetails)
{
    public int TotalTokens => InputTokens + OutputTokens;
}

public sealed record ImageInputTokensDetailsDto(int TextTokens, int ImageTokens);

/// <summary>SSE <c>image_generation.partial_image</c> (<c>image_edit.partial_image</c> for an edit).</summary>
public sealed record ImagePartialEventDto(string Type, string B64Json, long CreatedAt, string Size, string Quality, string Background, string OutputFormat, int PartialImageIndex);

/// <summary>SSE <c>image_generation.completed</c> (<c>image_edit.completed</c> for an edit), once per image.</summary>
public sealed record ImageCompletedEventDto(string Type, string B64Json, long CreatedAt, string Size, string Quality, string Background, string OutputFormat, ImageUsageDto Usage);
