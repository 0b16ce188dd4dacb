namespace Omnia.Models;

/// <summary>A model file that is missing, truncated or not in the format its engine reads; it is never loaded.</summary>
/// <remarks>The message names the file and what was wrong with it, so an operator can replace it.</remarks>
public sealed class InvalidModelFileException(string path, string reason, Exception? innerException = null)
    : Exception($"'{path}' is not a usable model file: {reason}", innerException)
{
    /// <summary>The file that was refused.</summary>
    public string Path { get; } = path;
}
