namespace Omnia.Vad;

/// <summary>The settings of OpenAI's <c>server_vad</c> turn detection.</summary>
public sealed class VoiceActivityOptions
{
    /// <summary>The longest padding or silence accepted, in milliseconds (one minute).</summary>
    public const int MaxDurationMs = 60_000;

    private readonly float _threshold = 0.5f;
    private readonly int _prefixPaddingMs = 300;
    private readonly int _silenceDurationMs = 500;

    /// <summary>Gets the speech probability, from 0 to 1, at or above which a frame counts as speech. Default 0.5.</summary>
    public float Threshold
    {
        get => _threshold;
        init => _threshold = float.IsFinite(value) && value is >= 0f and <= 1f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Threshold), value, $"threshold must be between 0 and 1; got {value}.");
    }

    /// <summary>Gets how much audio before the detected start of speech belongs to the utterance, in milliseconds. Default 300.</summary>
    public int PrefixPaddingMs
    {
        get => _prefixPaddingMs;
        init => _prefixPaddingMs = CheckDuration(value, "prefix_padding_ms", nameof(PrefixPaddingMs));
    }

    /// <summary>Gets how long the silence after speech must last before speech counts as stopped, in milliseconds. Default 500.</summary>
    public int SilenceDurationMs
    {
        get => _silenceDurationMs;
        init => _silenceDurationMs = CheckDuration(value, "silence_duration_ms", nameof(SilenceDurationMs));
    }

    private static int CheckDuration(int value, string wireName, string propertyName) =>
        value is >= 0 and <= MaxDurationMs
            ? value
            : throw new ArgumentOutOfRangeException(propertyName, value, $"{wireName} must be between 0 and {MaxDurationMs} ms; got {value}.");
}
