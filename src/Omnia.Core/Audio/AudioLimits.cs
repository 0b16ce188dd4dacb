namespace Omnia.Audio;

/// <summary>Bounds enforced while decoding untrusted audio, so no upload can exhaust memory or time.</summary>
/// <remarks>
/// Every bound is checked against what the input declares before the work it implies is done (a WAV header's rate
/// and length, the duration and rate ffmpeg reports for a container), and again against what is actually decoded.
/// </remarks>
public sealed record AudioLimits
{
    /// <summary>25 MiB (OpenAI's upload limit), one hour of audio, and sample rates from 1 kHz to 384 kHz.</summary>
    public static AudioLimits Default { get; } = new();

    /// <summary>The most encoded bytes read from the input; more raises <see cref="AudioTooLargeException"/>.</summary>
    public long MaxInputBytes { get; init; } = 25L * 1024 * 1024;

    /// <summary>The longest decoded duration; longer raises <see cref="AudioTooLargeException"/>, before decoding when
    /// the input declares its length.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The lowest sample rate an input may declare; lower raises <see cref="InvalidAudioException"/>. A tiny
    /// rate turns a few bytes into hours of audio once resampled.</summary>
    public int MinSampleRate { get; init; } = 1000;

    /// <summary>The highest sample rate an input may declare; higher raises <see cref="InvalidAudioException"/>. A huge
    /// rate makes the band-limiting filter grow with it.</summary>
    public int MaxSampleRate { get; init; } = 384_000;

    /// <summary>Refuses a declared rate outside [<see cref="MinSampleRate"/>, <see cref="MaxSampleRate"/>].</summary>
    internal void EnsureSampleRate(long sampleRate, string? detectedFormat)
    {
        if (sampleRate < MinSampleRate || sampleRate > MaxSampleRate)
        {
            throw new InvalidAudioException(
                $"The audio declares a sample rate of {sampleRate} Hz; rates from {MinSampleRate} to {MaxSampleRate} Hz are accepted.",
                detectedFormat);
        }
    }

    /// <summary>Refuses a declared duration over <see cref="MaxDuration"/>, before any of it is decoded.</summary>
    internal void EnsureDeclaredDuration(TimeSpan duration)
    {
        if (duration > MaxDuration)
        {
            throw new AudioTooLargeException(
                $"The audio declares {duration.TotalSeconds:0.###} seconds; the limit is {MaxDuration.TotalSeconds:0.###} seconds.");
        }
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInputBytes, 1, nameof(MaxInputBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxDuration, TimeSpan.Zero, nameof(MaxDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSampleRate, 1, nameof(MinSampleRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSampleRate, MinSampleRate, nameof(MaxSampleRate));
    }
}
