using System.Text.Json;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI;

/// <summary>
/// Checks every string and property name of a request once, at the edge, before anything reads it. The JSON reader
/// accepts invalid UTF-8 bytes inside strings and escaped lone surrogates such as <c>"\ud800"</c> while parsing and
/// fails only when the string is read (an <see cref="InvalidOperationException"/> deep in deserialization or a
/// mapper: a 500); here either is a 400 naming the string's path. The UTF-16 check is the backstop for text that
/// decoded without complaint but would still break tokenizers and encoders.
/// </summary>
internal static class JsonStrings
{
    public static void Validate(JsonElement element, string? path = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Check(element, path);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    Validate(item, JsonPath.Index(path ?? "", i++));
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = Name(property, path);
                    Validate(property.Value, JsonPath.Property(path, name));
                }
                break;
        }
    }

    private static void Check(JsonElement text, string? path)
    {
        string value;
        try
        {
            value = text.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid(path, NotText);
        }
        if (!IsValidUtf16(value)) throw Invalid(path, NotText);
    }

    private static string Name(JsonProperty property, string? path)
    {
        string name;
        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Invalid(path, "has a property name that " + NotText);
        }
        if (!IsValidUtf16(name)) throw Invalid(path, "has a property name that " + NotText);
        return name;
    }

    // The reader reports an escaped lone surrogate and raw invalid UTF-8 the same way, so one message covers both.
    private const string NotText = "is not valid Unicode text (invalid UTF-8 bytes, or an unpaired surrogate escape such as \\ud800)";

    private static ApiException Invalid(string? path, string problem) =>
        ApiException.BadRequest($"{(path is null ? "The request body" : $"'{Echo.Clip(path, 128)}'")} {problem}.", path, "invalid_string");

    /// <summary>True when every surrogate is half of a high-then-low pair.</summary>
    public static bool IsValidUtf16(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else return false;
        }
        return true;
    }
}
