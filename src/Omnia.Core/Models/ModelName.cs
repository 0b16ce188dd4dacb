namespace Omnia.Models;

/// <summary>Rules for model names that arrive from clients: they name models, never paths.</summary>
public static class ModelName
{
    public const int MaxLength = 256;

    /// <summary>
    /// True when <paramref name="name"/> cannot lead out of a directory: '/' only between non-empty segments (as in
    /// <c>org/model</c> and Ollama's <c>user/model:tag</c>), none of them <c>.</c>; no <c>..</c>, no '\\', no control characters.
    /// </summary>
    public static bool IsSafe(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= MaxLength
        && !name.Contains('\\')
        && !name.Contains("..", StringComparison.Ordinal)
        && !name.Any(char.IsControl)
        && name.Split('/').All(segment => segment.Length > 0 && segment != ".");
}
