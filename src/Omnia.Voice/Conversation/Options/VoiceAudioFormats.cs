using Omnia.Audio;

namespace Omnia.Voice.Conversation;

/// <summary>The sample rate and the byte encoding of each <see cref="VoiceAudioFormat"/>.</summary>
public static class VoiceAudioFormats
{
    public static int SampleRate(this VoiceAudioFormat format) => format == VoiceAudioFormat.Pcm16 ? 24000 : 8000;

    /// <exception cref="FormatException">pcm16 bytes of odd length.</exception>
    public static float[] Decode(this VoiceAudioFormat format, ReadOnlySpan<byte> bytes)
    {
        switch (format)
        {
            case VoiceAudioFormat.G711Ulaw:
            {
                var samples = new float[bytes.Length];
                MuLaw.Decode(bytes, samples);
                return samples;
            }
            case VoiceAudioFormat.G711Alaw:
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

    public static byte[] Encode(this VoiceAudioFormat format, ReadOnlySpan<float> samples)
    {
        switch (format)
        {
            case VoiceAudioFormat.G711Ulaw:
            {
                var bytes = new byte[samples.Length];
                MuLaw.Encode(samples, bytes);
                return bytes;
            }
            case VoiceAudioFormat.G711Alaw:
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
