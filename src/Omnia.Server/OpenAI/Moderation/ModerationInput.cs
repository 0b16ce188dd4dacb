using System.Text;
using System.Text.Json;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Moderation;

/// <summary>
/// Parses <c>input</c> into the texts to moderate: a string is one input, an array of strings one input each, and an
/// array of multimodal parts one input made of its text parts. Anything else is a 400 naming the element.
/// </summary>
internal static class ModerationInput
{
    /// <summary>Each input is one guard call; OpenAI does not document a bound, so this one keeps a request's cost known.</summary>
    public const int MaxInputs = 32;

    public static IReadOnlyList<string> Parse(JsonElement? input)
    {
        if (input is not { ValueKind: not JsonValueKind.Null } value)
            throw ApiException.BadRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        if (value.ValueKind == JsonValueKind.String)
            return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array)
            throw InvalidType("input", "a string or an array");

        var count = value.GetArrayLength();
        if (count == 0)
            throw ApiException.BadRequest("'input' must not be an empty array.", "input", "empty_array");
        if (count > MaxInputs)
            throw ApiException.BadRequest($"'input' has {count} items; at most {MaxInputs} are moderated per request.", "input", "array_above_max_length");

        return value[0].ValueKind == JsonValueKind.Object ? [PartsText(value)] : Strings(value);
    }

    private static List<string> Strings(JsonElement array)
    {
        var texts = new List<string>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw InvalidType($"input[{i}]", "a string, like the other items");
            texts.Add(item.GetString()!);
            i++;
        }
        return texts;
    }

    /// <summary>The text parts of a multimodal input, joined; the guard reads text only, so an image is refused rather than passed unread.</summary>
    private static string PartsText(JsonElement array)
    {
        var text = new StringBuilder();
        var i = 0;
        foreach (var part in array.EnumerateArray())
        {
            var param = $"input[{i++}]";
            if (part.ValueKind != JsonValueKind.Object)
                throw InvalidType(param, "an object with a 'type', like the other items");
            var type = part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "text":
                    if (!part.TryGetProperty("text", out var content) || content.ValueKind != JsonValueKind.String)
                        throw InvalidType(param + ".text", "a string");
                    if (text.Length > 0) text.Append('\n');
                    text.Append(content.GetString());
                    break;
                case "image_url":
                    if (!part.TryGetProperty("image_url", out var image) || image.ValueKind != JsonValueKind.Object
                        || !image.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
                        throw InvalidType(param + ".image_url", "an object with a string 'url'");
                    throw ApiException.BadRequest(
                        "The moderation model reads text only, so images cannot be moderated here; send the text parts alone.",
                        param, "unsupported_input_type");
                default:
                    throw ApiException.BadRequest($"Invalid value for '{param}.type': expected 'text' or 'image_url'.", param + ".type", "invalid_value");
            }
        }
        return text.ToString();
    }

    private static ApiException InvalidType(string param, string expected) =>
        ApiException.BadRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");
}
