using Omnia.Engines.Onnx.Turns;

namespace Omnia.Engines.Onnx.Tests.Turns;

/// <summary>Smart Turn's features against numbers worked out by hand from Whisper's recipe.</summary>
public sealed class WhisperLogMelTests
{
    private const int Rate = WhisperLogMel.SampleRate;

    [Fact]
    public void The_shape_is_eighty_mel_bins_by_eight_hundred_frames_of_ten_ms()
    {
        Assert.Equal((80, 800, 64_000), (WhisperLogMel.MelBins, WhisperLogMel.Frames, WhisperLogMel.FeatureCount));
        Assert.Equal((400, 160, 128_000), (WhisperLogMel.FftSize, WhisperLogMel.HopLength, WhisperLogMel.WindowSamples));
    }

    [Fact]
    public void Silence_reads_whispers_floor_everywhere()
    {
        // log10 of the 1e-10 floor is -10, and (-10 + 4) / 4 = -1.5.
        Assert.All(Features(new float[Rate]), f => Assert.Equal(-1.5f, f));
        Assert.All(Features([]), f => Assert.Equal(-1.5f, f));
    }

    [Fact]
    public void Samples_that_are_not_numbers_count_as_silence()
    {
        var broken = Enumerable.Repeat(float.NaN, Rate).Concat(Enumerable.Repeat(float.PositiveInfinity, Rate)).ToArray();

        Assert.All(Features(broken), f => Assert.Equal(-1.5f, f));
    }

    // Tones on the FFT's 40 Hz grid; the bins are where the largest Slaney filter weight sits (centres 446.9, 1005.6 and
    // 1989.6 Hz, worked out from the Slaney scale's edges, 0 to 45.2456 mels in 81 steps).
    [Theory]
    [InlineData(440, 11)]
    [InlineData(1000, 26)]
    [InlineData(2000, 44)]
    public void A_pure_tone_lands_in_the_mel_bin_centred_on_its_frequency(int hertz, int bin)
    {
        var features = Features(Tone(hertz, seconds: 8));

        var energies = Enumerable.Range(0, WhisperLogMel.MelBins).Select(m => Enumerable.Range(100, 600).Average(t => features[m * 800 + t])).ToList();

        Assert.Equal(bin, energies.IndexOf(energies.Max()));
    }

    [Fact]
    public void The_power_spectrum_is_the_direct_dft_of_the_hann_windowed_frame()
    {
        var random = new Random(7);
        var frame = Enumerable.Range(0, 400).Select(_ => random.NextDouble() - 0.5).ToArray();
        var power = new double[201];

        WhisperLogMel.PowerSpectrum(frame, new double[800], power);

        for (var k = 0; k <= 200; k++)
        {
            double re = 0, im = 0;
            for (var n = 0; n < 400; n++)
            {
                var windowed = frame[n] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * n / 400));
                re += windowed * Math.Cos(2 * Math.PI * n * k / 400);
                im -= windowed * Math.Sin(2 * Math.PI * n * k / 400);
            }
            Assert.Equal(re * re + im * im, power[k], 1e-9);
        }
    }

    [Fact]
    public void The_filterbank_is_slaneys_worked_out_by_hand()
    {
        // Filter 0 rises from 0 Hz to 37.239 Hz and falls to 74.478 Hz; at the 40 Hz bin it is
        // (74.478 - 40) / (74.478 - 37.239) × 2 / 74.478 = 0.0248626.
        var (first, weights) = WhisperLogMel.Filters[0];
        Assert.Equal(1, first);
        Assert.Equal(0.0248626, weights[0], 6);

        // Area normalisation: each triangle is scaled to unit area in Hz, so its weights, sampled every 40 Hz, sum to
        // 1 / 40 Hz up to the sampling's error (under 8 %, for the narrow filters whose peak falls between bins).
        Assert.All(WhisperLogMel.Filters, f => Assert.Equal(1.0, f.Weights.Sum() * 40, 0.08));
    }

    [Fact]
    public void A_short_utterance_sits_at_the_end_of_the_window_after_silence()
    {
        var features = Features(Tone(1000, seconds: 1));

        // The tone fills the last 100 frames; frames whose 400-sample window lies wholly in the zero padding (the first
        // 7 s) read the dynamic-range floor, the maximum − 8, which is the smallest value.
        var minimum = features.Min();
        for (var t = 0; t < 698; t++)
        {
            for (var m = 0; m < WhisperLogMel.MelBins; m++) Assert.Equal(minimum, features[m * 800 + t]);
        }
        Assert.True(features[26 * 800 + 750] > minimum + 1);
        Assert.Equal(features.Max() - 2, minimum, 4); // (max − 8 + 4) / 4 = max' − 2
    }

    [Fact]
    public void Only_the_last_eight_seconds_count()
    {
        var eight = Tone(1000, seconds: 8);
        var longer = TestSignals.Concat(TestSignals.Noise(3000, 0.3f, seed: 5, sampleRate: Rate), eight);

        Assert.Equal(Features(eight), Features(longer));
    }

    [Fact]
    public void Loudness_does_not_matter_after_the_waveform_is_normalised()
    {
        var speechLike = TestSignals.Concat(Tone(300, 2), TestSignals.Noise(1000, 0.1f, seed: 3, sampleRate: Rate), Tone(1200, 1));
        var quiet = speechLike.Select(s => s * 0.1f).ToArray();

        // Up to the 1e-7 the reference adds to the variance, which matters only for near-silence.
        var loud = Features(speechLike);
        var soft = Features(quiet);
        for (var i = 0; i < loud.Length; i++) Assert.Equal(loud[i], soft[i], 1e-3);
    }

    [Fact]
    public void Real_speech_is_loud_in_the_speech_band_while_spoken_and_at_the_floor_in_the_pause_after()
    {
        var speech = TestSignals.Trim(FliteSpeech.Say("Could you book a table for four people tonight?"));
        var features = Features(TestSignals.Concat(speech, new float[Rate / 2]));
        var spoken = Enumerable.Range(800 - 50 - speech.Length / 160, speech.Length / 160).ToList();

        // Bins 5–60 span about 190 Hz to 4.4 kHz, where a voice's formants are.
        double Band(int from, int to, IEnumerable<int> frames) =>
            frames.Average(t => Enumerable.Range(from, to - from).Average(m => features[m * 800 + t]));
        Assert.True(Band(5, 60, spoken) > Band(70, 80, spoken) + 0.3);
        var pause = Enumerable.Range(760, 40).ToList();
        Assert.True(Band(0, 80, spoken) > Band(0, 80, pause) + 0.5);
        Assert.All(pause, t => Assert.Equal(features.Min(), features[40 * 800 + t]));
    }

    private static float[] Features(float[] audio)
    {
        var features = new float[WhisperLogMel.FeatureCount];
        WhisperLogMel.Compute(audio, features);
        return features;
    }

    private static float[] Tone(int hertz, int seconds) =>
        Enumerable.Range(0, seconds * Rate).Select(i => 0.5f * MathF.Sin(2 * MathF.PI * hertz * i / Rate)).ToArray();
}
