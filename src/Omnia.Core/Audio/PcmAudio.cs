namespace Omnia.Audio;

/// <summary>Uncompressed audio: interleaved float samples in [-1, 1] with their sample rate and channel count.</summary>
/// <remarks>
/// The samples are shared, not copied: whoever creates a <see cref="PcmAudio"/> hands the memory over and must
/// not write to it afterwards. Instances are immutable otherwise and safe to share across threads.
/// </remarks>
public sealed class PcmAudio
{
    public PcmAudio(ReadOnlyMemory<float> samples, int sampleRate, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException(
                $"{samples.Length} samples do not divide into whole frames of {channels} channels.", nameof(samples));
        }

        Samples = samples;
        SampleRate = sampleRate;
        Channels = channels;
    }

    /// <summary>Interleaved samples: frame 0 channel 0, frame 0 channel 1, …, frame 1 channel 0, ….</summary>
    public ReadOnlyMemory<float> Samples { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>The number of sample instants (one sample per channel each).</summary>
    public int FrameCount => Samples.Length / Channels;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / SampleRate);

    /// <summary>This audio averaged down to one channel (itself when already mono).</summary>
    public PcmAudio ToMono()
    {
        if (Channels == 1)
        {
            return this;
        }

        var mono = new float[FrameCount];
        PcmConverter.DownmixToMono(Samples.Span, Channels, mono);
        return new PcmAudio(mono, SampleRate);
    }

    /// <summary>This audio at another sample rate, band-limited by <see cref="Resampler"/> (itself when the rate matches).</summary>
    public PcmAudio Resample(int sampleRate)
    {
        if (sampleRate == SampleRate)
        {
            return this;
        }

        var resampler = new Resampler(SampleRate, sampleRate, Channels);
        var output = new float[resampler.GetOutputCapacity(Samples.Length)];
        var written = resampler.Process(Samples.Span, output);
        written += resampler.Flush(output.AsSpan(written));
        return new PcmAudio(output.AsMemory(0, written), sampleRate, Channels);
    }
}
