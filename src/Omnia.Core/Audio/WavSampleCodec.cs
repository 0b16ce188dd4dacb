using System.Buffers.Binary;

namespace Omnia.Audio;

/// <summary>Converts WAV data-chunk bytes to float samples and back, for every <see cref="WavSampleFormat"/>.</summary>
internal static class WavSampleCodec
{
    private const double Pcm24Scale = 8388608.0;
    private const double Pcm32Scale = 2147483648.0;

    public static void Decode(ReadOnlySpan<byte> source, WavSampleFormat format, Span<float> destination)
    {
        switch (format)
        {
            case WavSampleFormat.Pcm8:
                for (var i = 0; i < source.Length; i++)
                {
                    destination[i] = (source[i] - 128) / 128f;
                }

                break;
            case WavSampleFormat.Pcm16:
                PcmConverter.Pcm16BytesToFloat(source, destination);
                break;
            case WavSampleFormat.Pcm24:
                for (int i = 0, j = 0; j < source.Length; i++, j += 3)
                {
                    var value = source[j] | (source[j + 1] << 8) | ((sbyte)source[j + 2] << 16);
                    destination[i] = (float)(value / Pcm24Scale);
                }

                break;
            case WavSampleFormat.Pcm32:
                for (int i = 0, j = 0; j < source.Length; i++, j += 4)
                {
                    destination[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(source.Slice(j, 4)) / Pcm32Scale);
                }

                break;
            case WavSampleFormat.IeeeFloat32:
                for (int i = 0, j = 0; j < source.Length; i++, j += 4)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source.Slice(j, 4));
                }

                break;
            case WavSampleFormat.IeeeFloat64:
                for (int i = 0, j = 0; j < source.Length; i++, j += 8)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source.Slice(j, 8));
                }

                break;
            case WavSampleFormat.MuLaw:
                MuLaw.Decode(source, destination);
                break;
            case WavSampleFormat.ALaw:
                ALaw.Decode(source, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown WAV sample format.");
        }
    }

    public static void Encode(ReadOnlySpan<float> source, WavSampleFormat format, Span<byte> destination)
    {
        switch (format)
        {
            case WavSampleFormat.Pcm8:
                for (var i = 0; i < source.Length; i++)
                {
                    destination[i] = (byte)(Quantize(source[i], 128.0, sbyte.MinValue, sbyte.MaxValue) + 128);
                }

                break;
            case WavSampleFormat.Pcm16:
                PcmConverter.FloatToPcm16Bytes(source, destination);
                break;
            case WavSampleFormat.Pcm24:
                for (int i = 0, j = 0; i < source.Length; i++, j += 3)
                {
                    var value = (int)Quantize(source[i], Pcm24Scale, -8388608, 8388607);
                    destination[j] = (byte)value;
                    destination[j + 1] = (byte)(value >> 8);
                    destination[j + 2] = (byte)(value >> 16);
                }

                break;
            case WavSampleFormat.Pcm32:
                for (int i = 0, j = 0; i < source.Length; i++, j += 4)
                {
                    var value = (int)Quantize(source[i], Pcm32Scale, int.MinValue, int.MaxValue);
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(j, 4), value);
                }

                break;
            case WavSampleFormat.IeeeFloat32:
                for (int i = 0, j = 0; i < source.Length; i++, j += 4)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination.Slice(j, 4), source[i]);
                }

                break;
            case WavSampleFormat.IeeeFloat64:
                for (int i = 0, j = 0; i < source.Length; i++, j += 8)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(destination.Slice(j, 8), source[i]);
                }

                break;
            case WavSampleFormat.MuLaw:
                MuLaw.Encode(source, destination);
                break;
            case WavSampleFormat.ALaw:
                ALaw.Encode(source, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown WAV sample format.");
        }
    }

    private static double Quantize(float sample, double scale, double min, double max) =>
        float.IsNaN(sample) ? 0 : Math.Clamp(Math.Round(sample * scale), min, max);
}
