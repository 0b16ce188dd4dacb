using System.Text.Json.Nodes;

namespace Omnia.Server.Realtime;

/// <summary>
/// Typed reads of a client event's fields. An absent field or JSON null is null; a field of another JSON kind is an
/// <c>invalid_type</c> error naming it, never silently skipped.
/// </summary>
internal static class SessionFields
{
    public static string? Text(JsonObject owner, string key, string param) => owner[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw WrongType(param, "a string"),
    };

    public static float? Number(JsonObject owner, string key, string param) => owner[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<double>(out var number) && double.IsFinite(number) && Math.Abs(number) <= float.MaxValue => (float)number,
        _ => throw WrongType(param, "a number"),
    };

    public static int? Integer(JsonObject owner, string key, string param) => owner[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        _ => throw WrongType(param, "an integer"),
    };

    public static bool? Flag(JsonObject owner, string key, string param) => owner[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw WrongType(param, "a boolean"),
    };

    public static JsonObject? Object(JsonObject owner, string key, string param) => owner[key] switch
    {
        null => null,
        JsonObject value => value,
        _ => throw WrongType(param, "an object"),
    };

    public static JsonArray? Array(JsonObject owner, string key, string param) => owner[key] switch
    {
        null => null,
        JsonArray value => value,
        _ => throw WrongType(param, "an array"),
    };

    public static RealtimeProtocolException WrongType(string param, string expected) =>
        new("invalid_type", $"Invalid type for '{param}': expected {expected}.", param);
}
