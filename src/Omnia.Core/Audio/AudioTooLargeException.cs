namespace Omnia.Audio;

/// <summary>Audio input that exceeds a configured <see cref="AudioLimits"/> bound (size or duration).</summary>
/// <remarks>Distinct from <see cref="InvalidAudioException"/> so that a server can answer 413 rather than 400.</remarks>
public class AudioTooLargeException : Exception
{
    public AudioTooLargeException()
    {
    }

    public AudioTooLargeException(string message)
        : base(message)
    {
    }

    public AudioTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
