using System.Text.Json;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI;

/// <summary>
/// Typed reads of the request parts that stay JSON because their shape varies (content, tool_choice, stop): each
/// checks the value's kind first, so a wrong type is a 400 naming its path rather than an exception from
/// <see cref="JsonElement"/>.
/// </summary>
internal static class JsonFields
{
    public static ApiException WrongType(string param, string expected) =>
        ApiException.BadRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    public static JsonElement Object(JsonElement value, string param, string expected = "an object") =>
        value.ValueKind == JsonValueKind.Object ? value : throw WrongType(param, expected);

    /// <summary>The field of an object, or null when it is absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement RequiredObject(JsonElement obj, string name, string param) =>
        Object(Optional(obj, name) ?? throw Missing(param), param);

    public static string? OptionalString(JsonElement obj, string name, string param) => Optional(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        _ => throw WrongType(param, "a string"),
    };

    public static string RequiredString(JsonElement obj, string name, string param) =>
        OptionalString(obj, name, param) ?? throw Missing(param);

    public static ApiException Missing(string param) => ApiException.BadRequest($"Missing required parameter: '{param}'.", param);
}
