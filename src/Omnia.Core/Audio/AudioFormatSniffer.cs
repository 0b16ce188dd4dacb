using System.Text;

namespace Omnia.Audio;

/// <summary>Names an audio container from its first bytes, so errors can say what an input looked like.</summary>
internal static class AudioFormatSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 64;

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4)
        {
            return null;
        }

        if (StartsWith(head, "RIFF") || StartsWith(head, "RF64"))
        {
            return head.Length >= 12 && Ascii(head.Slice(8, 4)) == "WAVE" ? "wav"
                : head.Length >= 12 && Ascii(head.Slice(8, 4)) == "AVI " ? "avi" : "riff";
        }

        if (StartsWith(head, "OggS"))
        {
            return Contains(head, "OpusHead") ? "opus" : Contains(head, "vorbis") ? "vorbis" : "ogg";
        }

        if (StartsWith(head, "fLaC"))
        {
            return "flac";
        }

        if (StartsWith(head, "ID3"))
        {
            return "mp3";
        }

        if (head.Length >= 12 && Ascii(head.Slice(4, 4)) == "ftyp")
        {
            var brand = Ascii(head.Slice(8, 4));
            return brand.StartsWith("M4A", StringComparison.Ordinal) ? "m4a" : "mp4";
        }

        if (head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3)
        {
            return Contains(head, "webm") ? "webm" : "matroska";
        }

        if (StartsWith(head, "FORM") && head.Length >= 12)
        {
            return "aiff";
        }

        if (StartsWith(head, "#!AMR"))
        {
            return "amr";
        }

        if (StartsWith(head, "caff"))
        {
            return "caf";
        }

        // MPEG audio frame sync: 11 set bits; layer 00 means AAC in ADTS, anything else is MPEG layer 1-3.
        if (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
        {
            return (head[1] & 0x06) == 0 ? "aac" : "mp3";
        }

        return null;
    }

    private static bool StartsWith(ReadOnlySpan<byte> head, string magic) =>
        head.Length >= magic.Length && Ascii(head[..magic.Length]) == magic;

    private static bool Contains(ReadOnlySpan<byte> head, string text) =>
        head.IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
