namespace Omnia.Audio;

/// <summary>Encodes raw 16-bit PCM and streaming WAV in-process for <see cref="AudioCodec"/>.</summary>
internal static class PcmStreamEncoder
{
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> EncodeAsync(
        PcmAudio first, IAsyncEnumerator<PcmAudio> rest, EncodedAudioFormat format, int sampleRate)
    {
        var resampler = first.SampleRate == sampleRate ? null : new Resampler(first.SampleRate, sampleRate, first.Channels);
        if (format == EncodedAudioFormat.Wav)
        {
            var wavFormat = new WavFormat(sampleRate, first.Channels, WavSampleFormat.Pcm16);
            var header = new byte[WavWriter.HeaderLength(wavFormat)];
            WavWriter.WriteHeader(header, wavFormat, dataBytes: null);
            yield return header;
        }

        await foreach (var chunk in Concat(first, rest))
        {
            var bytes = ToPcm16Bytes(chunk.Samples.Span, resampler);
            if (bytes.Length > 0)
            {
                yield return bytes;
            }
        }

        if (resampler is not null)
        {
            var tail = ToPcm16Bytes(resampler.Flush(), null);
            if (tail.Length > 0)
            {
                yield return tail;
            }
        }
    }

    private static byte[] ToPcm16Bytes(ReadOnlySpan<float> samples, Resampler? resampler)
    {
        var resampled = resampler is null ? samples : resampler.Process(samples);
        var bytes = new byte[resampled.Length * 2];
        PcmConverter.FloatToPcm16Bytes(resampled, bytes);
        return bytes;
    }

    /// <summary>The first chunk (already taken to learn the input's shape) and the rest, each checked against the first.</summary>
    public static async IAsyncEnumerable<PcmAudio> Concat(PcmAudio first, IAsyncEnumerator<PcmAudio> rest)
    {
        yield return first;
        while (await rest.MoveNextAsync())
        {
            var chunk = rest.Current;
            if (chunk.SampleRate != first.SampleRate || chunk.Channels != first.Channels)
            {
                throw new ArgumentException(
                    $"Every chunk must share the first chunk's {first.SampleRate} Hz × {first.Channels} channels; got {chunk.SampleRate} Hz × {chunk.Channels}.");
            }

            yield return chunk;
        }
    }
}
