namespace Omnia.Server.OpenAI;

/// <summary>Params named the way OpenAI names them: <c>messages[0].content[1].image_url</c>.</summary>
internal static class JsonPath
{
    public static string Property(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary><c>$.messages[0].role</c> (System.Text.Json's path) → <c>messages[0].role</c>; the root is no param.</summary>
    public static string? FromSerializerPath(string? path) =>
        path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
