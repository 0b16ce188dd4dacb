using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>A message's <c>content</c>: a string, or an array of text, image and audio parts, each read by its declared type.</summary>
internal static class ContentPartMapper
{
    private static readonly string[] ImageDetails = ["auto", "low", "high"];
    private static readonly string[] AudioFormats = ["wav", "mp3"];

    public static IEnumerable<AIContent> Parts(JsonElement? content, string param, bool allowNull)
    {
        switch (content)
        {
            case null or { ValueKind: JsonValueKind.Null } when allowNull:
                return [];
            case { ValueKind: JsonValueKind.String } text:
                return [new TextContent(text.GetString())];
            case { ValueKind: JsonValueKind.Array } parts:
                return parts.EnumerateArray().Select((part, i) => Part(part, JsonPath.Index($"{param}.content", i))).ToList();
            default:
                throw JsonFields.WrongType($"{param}.content", "a string or an array of content parts");
        }
    }

    private static AIContent Part(JsonElement part, string param)
    {
        JsonFields.Object(part, param, "a content part object");
        var type = JsonFields.RequiredString(part, "type", $"{param}.type");
        return type switch
        {
            "text" => new TextContent(JsonFields.RequiredString(part, "text", $"{param}.text")),
            "refusal" => new TextContent(JsonFields.RequiredString(part, "refusal", $"{param}.refusal")),
            "image_url" => Image(JsonFields.RequiredObject(part, "image_url", $"{param}.image_url"), $"{param}.image_url"),
            "input_audio" => Audio(JsonFields.RequiredObject(part, "input_audio", $"{param}.input_audio"), $"{param}.input_audio"),
            _ => throw ApiException.BadRequest($"Invalid content part type {Echo.Quote(type)} in '{param}'. Supported: 'text', 'image_url', 'input_audio'.", $"{param}.type"),
        };
    }

    private static AIContent Image(JsonElement image, string param) =>
        Image(JsonFields.RequiredString(image, "url", $"{param}.url"), JsonFields.OptionalString(image, "detail", $"{param}.detail"), $"{param}.url", $"{param}.detail");

    /// <summary>An image by http(s) or data URL, with its detail level (auto, low, high) for the media preparer.</summary>
    public static AIContent Image(string url, string? detail, string urlParam, string detailParam)
    {
        var media = Media(url, "image/*", urlParam);
        detail ??= "auto";
        if (!ImageDetails.Contains(detail))
            throw ApiException.BadRequest($"Invalid value for '{detailParam}': {Echo.Quote(detail)}. Supported: auto, low, high.", detailParam);
        (media.AdditionalProperties ??= [])[Omnia.Server.OpenAI.Media.ChatMediaPreparer.DetailKey] = detail;
        return media;
    }

    private static DataContent Audio(JsonElement audio, string param) =>
        Audio(JsonFields.RequiredString(audio, "data", $"{param}.data"), JsonFields.OptionalString(audio, "format", $"{param}.format"), param);

    /// <summary>Base64 audio in wav or mp3 (<c>input_audio</c>); <paramref name="param"/> is the object holding data and format.</summary>
    public static DataContent Audio(string data, string? format, string param)
    {
        format ??= "wav";
        if (!AudioFormats.Contains(format))
            throw ApiException.BadRequest($"Invalid value for '{param}.format': {Echo.Quote(format)}. Supported: wav, mp3.", $"{param}.format");
        try
        {
            return new DataContent(Convert.FromBase64String(data), "audio/" + format);
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest($"'{param}.data' is not valid base64.", $"{param}.data");
        }
    }

    private static AIContent Media(string url, string fallbackMediaType, string param)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new DataContent(url);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw ApiException.BadRequest($"'{param}' is not a valid data URL: {e.Message}", param, "invalid_image_url");
            }
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return new UriContent(uri, fallbackMediaType);
        throw ApiException.BadRequest($"'{param}' must be an http(s) URL or a data URL.", param, "invalid_image_url");
    }
}
