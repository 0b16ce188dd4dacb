using System.Globalization;

namespace Omnia.Audio;

/// <summary>
/// The media type engines use for raw audio, <c>audio/pcm;rate=24000;channels=1</c>: headerless signed 16-bit
/// little-endian samples. Speech-to-text engines take this at 16 kHz mono; text-to-speech engines return it at their
/// own rate.
/// </summary>
public static class PcmMediaType
{
    public static string Format(int sampleRate, int channels = 1) =>
        string.Create(CultureInfo.InvariantCulture, $"audio/pcm;rate={sampleRate};channels={channels}");

    /// <summary>Reads rate and channels from an <c>audio/pcm</c> media type; false for any other type.</summary>
    public static bool TryParse(string? mediaType, out int sampleRate, out int channels)
    {
        sampleRate = 0;
        channels = 1;
        if (mediaType is null) return false;
        var parts = mediaType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals("audio/pcm", StringComparison.OrdinalIgnoreCase)) return false;
        foreach (var part in parts.Skip(1))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2) continue;
            if (pair[0].Equals("rate", StringComparison.OrdinalIgnoreCase)) int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out sampleRate);
            if (pair[0].Equals("channels", StringComparison.OrdinalIgnoreCase)) int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out channels);
        }
        return sampleRate > 0 && channels > 0;
    }
}
