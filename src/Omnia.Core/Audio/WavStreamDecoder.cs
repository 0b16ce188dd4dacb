using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Omnia.Audio;

/// <summary>Decodes WAV in-process for <see cref="AudioCodec"/>: mapped to the wanted channels and resampled, chunk by chunk.</summary>
internal static class WavStreamDecoder
{
    // One chunk of input, in samples: 100 ms at the usual rates, and never more than this however many channels
    // or however high a rate the header declares.
    private const int MaxChunkSamples = 64 * 1024;

    /// <summary>The sample rate a RIFF/WAVE head declares in a leading 'fmt ' chunk, or null when it has none there.</summary>
    public static uint? DeclaredSampleRate(ReadOnlySpan<byte> head) =>
        head.Length >= 28 && AudioFormatSniffer.Detect(head) == "wav" && Encoding.ASCII.GetString(head.Slice(12, 4)) == "fmt "
            ? BinaryPrimitives.ReadUInt32LittleEndian(head[24..])
            : null;

    /// <summary>True for RIFF/WAVE with a leading 'fmt ' chunk in an encoding <see cref="WavReader"/> decodes, at a rate
    /// <see cref="Resampler"/> converts to <paramref name="sampleRate"/>; others go to ffmpeg.</summary>
    public static bool CanDecode(ReadOnlySpan<byte> head, int sampleRate)
    {
        if (head.Length < 36 || AudioFormatSniffer.Detect(head) != "wav" || Encoding.ASCII.GetString(head.Slice(12, 4)) != "fmt ")
        {
            return false;
        }

        var rate = BinaryPrimitives.ReadUInt32LittleEndian(head[24..]);
        if (rate > int.MaxValue || !Resampler.CanConvert((int)rate, sampleRate))
        {
            return false;
        }

        int tag = BinaryPrimitives.ReadUInt16LittleEndian(head[20..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(head[34..]);
        if (tag == 0xFFFE)
        {
            if (head.Length < 46)
            {
                return false;
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(head[44..]);
        }

        return (tag, bits) is (1, 8 or 16 or 24 or 32) or (3, 32 or 64) or (6 or 7, 8);
    }

    /// <summary>Decodes after checking the header against <paramref name="limits"/>: its rate, and its declared length
    /// when it has one, so a short file that claims hours is refused before anything is decoded.</summary>
    public static async IAsyncEnumerable<PcmAudio> DecodeAsync(
        Stream input, int sampleRate, int channels, AudioLimits limits, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await WavReader.OpenAsync(input, leaveOpen: true, cancellationToken);
        var format = reader.Format;
        limits.EnsureSampleRate(format.SampleRate, "wav");
        if (reader.FrameCount is { } declared)
        {
            limits.EnsureDeclaredDuration(TimeSpan.FromSeconds((double)declared / format.SampleRate));
        }

        var resampler = format.SampleRate == sampleRate ? null : new Resampler(format.SampleRate, sampleRate, channels);
        var framesPerChunk = Math.Clamp(format.SampleRate / 10, 1, Math.Max(1, MaxChunkSamples / format.Channels));
        var buffer = ArrayPool<float>.Shared.Rent(framesPerChunk * format.Channels);
        try
        {
            int frames;
            while ((frames = await reader.ReadFramesAsync(buffer.AsMemory(0, framesPerChunk * format.Channels), cancellationToken)) > 0)
            {
                // The input stream may not observe the token itself; the conversion below is the costly part.
                cancellationToken.ThrowIfCancellationRequested();
                var samples = ConvertChunk(buffer.AsSpan(0, frames * format.Channels), format.Channels, channels, resampler);
                if (samples.Length > 0)
                {
                    yield return new PcmAudio(samples, sampleRate, channels);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        var tail = resampler?.Flush() ?? [];
        if (tail.Length > 0)
        {
            yield return new PcmAudio(tail, sampleRate, channels);
        }
    }

    /// <summary>Maps a chunk to the wanted channel count (mono mix, or a copy per channel) and then rate.</summary>
    private static float[] ConvertChunk(ReadOnlySpan<float> source, int sourceChannels, int channels, Resampler? resampler)
    {
        float[] mapped;
        if (sourceChannels == channels)
        {
            mapped = source.ToArray();
        }
        else
        {
            var mono = new float[source.Length / sourceChannels];
            PcmConverter.DownmixToMono(source, sourceChannels, mono);
            mapped = mono;
            if (channels > 1)
            {
                mapped = new float[mono.Length * channels];
                PcmConverter.MonoToInterleaved(mono, channels, mapped);
            }
        }

        return resampler is null ? mapped : resampler.Process(mapped);
    }
}
