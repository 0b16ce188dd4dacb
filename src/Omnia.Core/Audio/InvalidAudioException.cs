namespace Omnia.Audio;

/// <summary>Audio input that cannot be decoded: corrupt, truncated or in an unsupported format.</summary>
/// <remarks>The message says what was wrong; <see cref="DetectedFormat"/> names what the input looked like.</remarks>
public class InvalidAudioException : Exception
{
    public InvalidAudioException()
    {
    }

    public InvalidAudioException(string message)
        : base(message)
    {
    }

    public InvalidAudioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidAudioException(string message, string? detectedFormat, Exception? innerException = null)
        : base(message, innerException)
    {
        DetectedFormat = detectedFormat;
    }

    /// <summary>The container or codec the input appeared to be (e.g. "wav", "mp3", "ogg"), or null when unrecognised.</summary>
    public string? DetectedFormat { get; }
}
