namespace Omnia.Audio;

/// <summary>Bounds enforced while decoding untrusted audio, so no upload can exhaust memory or time.</summary>
public sealed record AudioLimits
{
    /// <summary>25 MiB (OpenAI's upload limit) and one hour of audio.</summary>
    public static AudioLimits Default { get; } = new();

    /// <summary>The most encoded bytes read from the input; more raises <see cref="AudioTooLargeException"/>.</summary>
    public long MaxInputBytes { get; init; } = 25L * 1024 * 1024;

    /// <summary>The longest decoded duration; longer raises <see cref="AudioTooLargeException"/>.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(1);
}
