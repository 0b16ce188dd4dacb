using Omnia.Audio;

namespace Omnia.Server.Realtime;

/// <summary>The audio formats of the Realtime API: pcm16 at 24 kHz, and G.711 μ-law and A-law at 8 kHz.</summary>
internal enum RealtimeAudioFormat
{
    Pcm16,
    G711Ulaw,
    G711Alaw,
}

internal static class RealtimeAudioFormats
{
    /// <summary>Reads a format name in either shape: GA (<c>{"type":"audio/pcm","rate":24000}</c>, <c>audio/pcmu</c>) or beta (<c>pcm16</c>, <c>g711_ulaw</c>).</summary>
    public static RealtimeAudioFormat? Parse(string? name) => name switch
    {
        "pcm16" or "audio/pcm" => RealtimeAudioFormat.Pcm16,
        "g711_ulaw" or "audio/pcmu" => RealtimeAudioFormat.G711Ulaw,
        "g711_alaw" or "audio/pcma" => RealtimeAudioFormat.G711Alaw,
        _ => null,
    };

    public static string GaName(this RealtimeAudioFormat format) => format switch
    {
        RealtimeAudioFormat.G711Ulaw => "audio/pcmu",
        RealtimeAudioFormat.G711Alaw => "audio/pcma",
        _ => "audio/pcm",
    };

    public static string BetaName(this RealtimeAudioFormat format) => format switch
    {
        RealtimeAudioFormat.G711Ulaw => "g711_ulaw",
        RealtimeAudioFormat.G711Alaw => "g711_alaw",
        _ => "pcm16",
    };

    public static int SampleRate(this RealtimeAudioFormat format) => format == RealtimeAudioFormat.Pcm16 ? 24000 : 8000;

    public static float[] Decode(this RealtimeAudioFormat format, ReadOnlySpan<byte> bytes)
    {
        switch (format)
        {
            case RealtimeAudioFormat.G711Ulaw:
            {
                var samples = new float[bytes.Length];
                MuLaw.Decode(bytes, samples);
                return samples;
            }
            case RealtimeAudioFormat.G711Alaw:
            {
                var samples = new float[bytes.Length];
                ALaw.Decode(bytes, samples);
                return samples;
            }
            default:
            {
                if (bytes.Length % 2 != 0) throw new FormatException("pcm16 audio must have an even number of bytes.");
                var samples = new float[bytes.Length / 2];
                PcmConverter.Pcm16BytesToFloat(bytes, samples);
                return samples;
            }
        }
    }

    public static byte[] Encode(this RealtimeAudioFormat format, ReadOnlySpan<float> samples)
    {
        switch (format)
        {
            case RealtimeAudioFormat.G711Ulaw:
            {
                var bytes = new byte[samples.Length];
                MuLaw.Encode(samples, bytes);
                return bytes;
            }
            case RealtimeAudioFormat.G711Alaw:
            {
                var bytes = new byte[samples.Length];
                ALaw.Encode(samples, bytes);
                return bytes;
            }
            default:
            {
                var bytes = new byte[samples.Length * 2];
                PcmConverter.FloatToPcm16Bytes(samples, bytes);
                return bytes;
            }
        }
    }
}
