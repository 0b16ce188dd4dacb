using System.Drawing;
using System.Globalization;
using Microsoft.Extensions.AI;
using Omnia.Images;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Images;

/// <summary>A request's wire fields checked and turned into the engine's options; every refusal names its parameter.</summary>
internal sealed record ImageGenerationSettings(ImageGenerationOptions Options, string Size, string Quality, string Background, string OutputFormat, bool Stream)
{
    public const int MaxPromptCharacters = 32000;
    public const int MaxPartialImages = 3;

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.Ordinal)
    {
        ["png"] = "image/png",
        ["jpeg"] = "image/jpeg",
        ["webp"] = "image/webp",
    };

    /// <summary>OpenAI's qualities as denoising steps for a few-step model: low 1, medium 2, high (or hd) 4; auto and standard leave the engine's default.</summary>
    private static readonly Dictionary<string, int?> QualitySteps = new(StringComparer.Ordinal)
    {
        ["auto"] = null,
        ["standard"] = null,
        ["low"] = 1,
        ["medium"] = 2,
        ["high"] = 4,
        ["hd"] = 4,
    };

    public static ImageGenerationSettings From(ImageGenerationRequestDto request, string modelId, int maxImages)
    {
        if (string.IsNullOrWhiteSpace(request.Prompt))
            throw ApiException.BadRequest("Missing required parameter: 'prompt'.", "prompt");
        if (request.Prompt.Length > MaxPromptCharacters)
            throw ApiException.BadRequest($"'prompt' is {request.Prompt.Length} characters; the limit is {MaxPromptCharacters}.", "prompt", "string_above_max_length");
        var count = request.N ?? 1;
        if (count < 1 || count > maxImages)
            throw ApiException.BadRequest($"n must be from 1 to {maxImages} (this server's limit of images per request).", "n", "invalid_value");
        if (request.ResponseFormat is not (null or "b64_json"))
            throw ApiException.BadRequest($"Invalid value for 'response_format': {Echo.Quote(request.ResponseFormat)}. Omnia keeps no image files to link to, so images come back as b64_json only.", "response_format", "invalid_value");
        var format = request.OutputFormat ?? "png";
        if (!MediaTypes.TryGetValue(format, out var mediaType))
            throw ApiException.BadRequest($"Invalid value for 'output_format': {Echo.Quote(format)}. Supported: png, jpeg, webp.", "output_format", "invalid_value");
        var quality = request.Quality ?? "auto";
        if (!QualitySteps.TryGetValue(quality, out var qualitySteps))
            throw ApiException.BadRequest($"Invalid value for 'quality': {Echo.Quote(quality)}. Supported: {string.Join(", ", QualitySteps.Keys)}.", "quality", "invalid_value");
        var background = request.Background ?? "auto";
        if (background is not ("auto" or "opaque" or "transparent"))
            throw ApiException.BadRequest($"Invalid value for 'background': {Echo.Quote(background)}. Supported: auto, opaque, transparent.", "background", "invalid_value");
        if (request.PartialImages is < 0 or > MaxPartialImages)
            throw ApiException.BadRequest($"partial_images must be from 0 to {MaxPartialImages}.", "partial_images", "invalid_value");
        if (request.Steps is < 1)
            throw ApiException.BadRequest("steps must be at least 1.", "steps", "invalid_value");
        if (request.OutputCompression is < 0 or > 100)
            throw ApiException.BadRequest("output_compression must be from 0 to 100.", "output_compression", "invalid_value");

        var options = new ImageGenerationOptions
        {
            ModelId = modelId,
            Count = count,
            ImageSize = ParseSize(request.Size),
            MediaType = mediaType,
            ResponseFormat = ImageGenerationResponseFormat.Data,
            StreamingCount = request.Stream == true ? request.PartialImages ?? 0 : 0,
            AdditionalProperties = new() { [ImageProperties.Quality] = quality, [ImageProperties.Background] = background },
        };
        if (request.Seed is { } seed) options.AdditionalProperties[ImageProperties.Seed] = seed;
        if (request.OutputCompression is { } compression) options.AdditionalProperties[ImageProperties.OutputCompression] = compression;
        if ((request.Steps ?? qualitySteps) is { } steps) options.AdditionalProperties[ImageProperties.Steps] = steps;
        var size = options.ImageSize is { } s ? $"{s.Width}x{s.Height}" : "auto";
        return new(options, size, quality, background, format, request.Stream == true);
    }

    private static Size? ParseSize(string? size)
    {
        if (size is null or "auto") return null;
        var parts = size.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width is > 0 and <= 16384 && height is > 0 and <= 16384
            ? new Size(width, height)
            : throw ApiException.BadRequest($"Invalid value for 'size': {Echo.Quote(size)}. Sizes are WIDTHxHEIGHT, such as 512x512, or auto.", "size", "invalid_size");
    }
}
