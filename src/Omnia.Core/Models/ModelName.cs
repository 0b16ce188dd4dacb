namespace Omnia.Models;

/// <summary>Rules for model names that arrive from clients: they name models, never paths.</summary>
public static class ModelName
{
    public const int MaxLength = 256;

    /// <summary>True when <paramref name="name"/> cannot be read as a path: no separators, no <c>..</c>, no control characters.</summary>
    public static bool IsSafe(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= MaxLength
        && !name.Contains('/') && !name.Contains('\\')
        && !name.Contains("..", StringComparison.Ordinal)
        && !name.Any(char.IsControl);
}
