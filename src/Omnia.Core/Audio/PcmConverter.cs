using System.Buffers.Binary;

namespace Omnia.Audio;

/// <summary>Allocation-free conversions between 16-bit PCM and float samples, and between channel layouts.</summary>
/// <remarks>
/// 16-bit values map to floats by dividing by 32768, and back by multiplying, rounding and clamping, so a
/// 16-bit → float → 16-bit round trip is exact.
/// </remarks>
public static class PcmConverter
{
    private const float Pcm16Scale = 32768f;

    public static void Pcm16ToFloat(ReadOnlySpan<short> source, Span<float> destination)
    {
        AudioSpans.EnsureFits(source.Length, destination.Length);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] / Pcm16Scale;
        }
    }

    /// <summary>Converts little-endian 16-bit PCM bytes (s16le) to floats; <paramref name="source"/> must hold whole samples.</summary>
    public static void Pcm16BytesToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (source.Length % 2 != 0)
        {
            throw new ArgumentException($"{source.Length} bytes is not a whole number of 16-bit samples.", nameof(source));
        }

        var count = source.Length / 2;
        AudioSpans.EnsureFits(count, destination.Length);
        for (var i = 0; i < count; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source.Slice(i * 2, 2)) / Pcm16Scale;
        }
    }

    public static void FloatToPcm16(ReadOnlySpan<float> source, Span<short> destination)
    {
        AudioSpans.EnsureFits(source.Length, destination.Length);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = ToPcm16(source[i]);
        }
    }

    /// <summary>Converts floats to little-endian 16-bit PCM bytes (s16le); <paramref name="destination"/> needs two bytes a sample.</summary>
    public static void FloatToPcm16Bytes(ReadOnlySpan<float> source, Span<byte> destination)
    {
        AudioSpans.EnsureFits(source.Length * 2, destination.Length);
        for (var i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(i * 2, 2), ToPcm16(source[i]));
        }
    }

    /// <summary>Averages the channels of each interleaved frame into one mono sample.</summary>
    public static void DownmixToMono(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var frames = WholeFrames(interleaved.Length, channels);
        AudioSpans.EnsureFits(frames, mono.Length);
        if (channels == 1)
        {
            interleaved.CopyTo(mono);
            return;
        }

        var scale = 1f / channels;
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0f;
            var samples = interleaved.Slice(frame * channels, channels);
            foreach (var sample in samples)
            {
                sum += sample;
            }

            mono[frame] = sum * scale;
        }
    }

    /// <summary>Copies each mono sample into every channel of an interleaved frame.</summary>
    public static void MonoToInterleaved(ReadOnlySpan<float> mono, int channels, Span<float> interleaved)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        AudioSpans.EnsureFits(mono.Length * channels, interleaved.Length);
        for (var frame = 0; frame < mono.Length; frame++)
        {
            interleaved.Slice(frame * channels, channels).Fill(mono[frame]);
        }
    }

    internal static short ToPcm16(float sample)
    {
        // NaN fails both comparisons in Clamp's favour only by accident, so map it to silence explicitly.
        if (float.IsNaN(sample))
        {
            return 0;
        }

        return (short)Math.Clamp(MathF.Round(sample * Pcm16Scale), short.MinValue, short.MaxValue);
    }

    private static int WholeFrames(int samples, int channels)
    {
        if (samples % channels != 0)
        {
            throw new ArgumentException($"{samples} samples do not divide into whole frames of {channels} channels.");
        }

        return samples / channels;
    }
}
