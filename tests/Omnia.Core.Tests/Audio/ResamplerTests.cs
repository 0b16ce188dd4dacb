using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

public class ResamplerTests
{
    private static readonly int[] Rates = [8000, 16000, 22050, 24000, 44100, 48000];

    public static TheoryData<int, int> RatePairs()
    {
        var data = new TheoryData<int, int>();
        foreach (var from in Rates)
        {
            foreach (var to in Rates)
            {
                if (from != to)
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void An_in_band_tone_comes_out_as_the_same_tone_at_the_new_rate(int from, int to)
    {
        const double frequency = 1000;
        var input = Signals.Sine(frequency, from, 0.5);

        var output = Resampler.Resample(input, from, to);

        // Length: ceil(frames × to / from). Alignment: output frame n sits at input time n / to, so the ideal is exact.
        Assert.Equal((int)Math.Ceiling(input.Length * (double)to / from), output.Length);
        var ideal = Signals.Sine(frequency, to, 0.5);
        var middle = new Range(to / 20, output.Length - (to / 20));
        var error = output[middle].Zip(ideal[middle], (a, b) => a - b).ToArray();
        Assert.True(Signals.Decibels(Signals.Rms(error) / Signals.Rms(ideal[middle])) < -60, "the output deviates from the ideal tone");
        Assert.InRange(Signals.Decibels(Signals.Rms(output[middle]) / Signals.Rms(ideal[middle])), -0.5, 0.5);
        Assert.InRange(Signals.ToneFrequency(output[middle], to), frequency * 0.999, frequency * 1.001);
    }

    [Fact]
    public void Downsampling_a_sweep_to_the_top_of_the_band_does_not_alias()
    {
        // 0 → 24 kHz over 2 s at 48 kHz; at 16 kHz everything past 8 kHz (t ≥ 2/3 s) must vanish.
        var sweep = Signals.Sweep(0, 24000, 48000, 2);

        var output = Resampler.Resample(sweep, 48000, 16000);

        var aboveNyquist = output.AsSpan(16000 * 8500 / 12000, output.Length - (16000 * 8500 / 12000));
        var passband = output.AsSpan(16000 * 500 / 12000, 16000 * 7000 / 12000);
        var alias = Signals.Decibels(Signals.Rms(aboveNyquist) / Signals.Rms(sweep));
        var gain = Signals.Decibels(Signals.Rms(passband) / Signals.Rms(sweep));
        Assert.True(alias < -60, $"energy above the new Nyquist frequency is only {alias:F1} dB down");
        Assert.InRange(gain, -0.5, 0.5);
    }

    [Fact]
    public void Upsampling_leaves_no_images_above_the_old_nyquist_frequency()
    {
        // A 7 kHz tone at 16 kHz has its first image at 9 kHz; at 48 kHz the output must be the pure 7 kHz tone.
        var input = Signals.Sine(7000, 16000, 0.5);

        var output = Resampler.Resample(input, 16000, 48000);

        var ideal = Signals.Sine(7000, 48000, 0.5);
        var middle = new Range(2400, output.Length - 2400);
        var error = output[middle].Zip(ideal[middle], (a, b) => a - b).ToArray();
        Assert.True(Signals.Decibels(Signals.Rms(error) / Signals.Rms(ideal[middle])) < -60);
    }

    [Theory]
    [InlineData(24000, 16000, 1)]
    [InlineData(16000, 24000, 1)]
    [InlineData(44100, 16000, 2)]
    [InlineData(8000, 48000, 3)]
    public void Streaming_in_random_chunks_equals_one_shot(int from, int to, int channels)
    {
        var random = new Random(from + to);
        var input = new float[from / 2 * channels];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var oneShot = Resampler.Resample(input, from, to, channels);

        var resampler = new Resampler(from, to, channels);
        var streamed = new List<float>();
        var offset = 0;
        while (offset < input.Length)
        {
            var frames = Math.Min(random.Next(0, 700), (input.Length - offset) / channels);
            streamed.AddRange(resampler.Process(input.AsSpan(offset, frames * channels)));
            offset += frames * channels;
        }

        streamed.AddRange(resampler.Flush());
        Assert.Equal(oneShot, streamed.ToArray());
    }

    [Fact]
    public void Realtime_frames_of_20_ms_come_out_with_bounded_latency_and_the_right_total()
    {
        var resampler = new Resampler(24000, 16000);
        var output = new float[resampler.GetOutputCapacity(480)];
        var total = 0;
        for (var frame = 0; frame < 50; frame++)
        {
            var written = resampler.Process(new float[480], output);

            // Each 20 ms frame yields 320 samples once the filter's look-ahead (a few ms) has filled.
            Assert.InRange(written, frame == 0 ? 200 : 320, 321);
            total += written;
        }

        total += resampler.Flush(output);
        Assert.Equal(16000, total);
    }

    [Fact]
    public void Reset_starts_a_new_stream_and_processing_after_flush_is_refused()
    {
        var resampler = new Resampler(48000, 16000);
        var input = Signals.Sine(440, 48000, 0.1);
        var first = resampler.Process(input).Concat(resampler.Flush()).ToArray();

        Assert.Throws<InvalidOperationException>(() => resampler.Process(input));
        resampler.Reset();
        var second = resampler.Process(input).Concat(resampler.Flush()).ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Pcm_audio_resamples_and_downmixes()
    {
        var stereo = new float[48000 * 2];
        PcmConverter.MonoToInterleaved(Signals.Sine(440, 48000, 1), 2, stereo);

        var audio = new PcmAudio(stereo, 48000, 2).Resample(16000).ToMono();

        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(1, audio.Channels);
        Assert.Equal(TimeSpan.FromSeconds(1), audio.Duration);
        Assert.InRange(Signals.ToneFrequency(audio.Samples.Span, 16000), 439.5, 440.5);
    }

    [Fact]
    public void Odd_rates_without_a_usable_common_divisor_are_refused()
    {
        Assert.False(Resampler.CanConvert(44056, 16000));
        Assert.Throws<ArgumentException>(() => new Resampler(44056, 16000));
        Assert.True(Resampler.CanConvert(11025, 48000));
        Assert.True(Resampler.CanConvert(16000, 44100));
    }
}
