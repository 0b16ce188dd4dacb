namespace Omnia.Server.Errors;

/// <summary>
/// Client values quoted back in error messages, clipped: a 10 MB bad value must not come back as a 10 MB error.
/// </summary>
public static class Echo
{
    /// <summary>How many characters of a client's value an error message repeats.</summary>
    public const int MaxEchoedCharacters = 64;

    /// <summary>The value in single quotes, its first <see cref="MaxEchoedCharacters"/> characters and "…" when longer.</summary>
    public static string Quote(string? value) => $"'{Clip(value ?? "", MaxEchoedCharacters)}'";

    /// <summary>At most <paramref name="max"/> characters, "…" marking a cut; never splits a surrogate pair.</summary>
    public static string Clip(string value, int max)
    {
        if (value.Length <= max) return value;
        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return string.Concat(value.AsSpan(0, cut), "…");
    }
}
