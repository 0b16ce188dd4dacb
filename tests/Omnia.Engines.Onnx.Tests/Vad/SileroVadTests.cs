using Omnia.Tests;
using Omnia.Engines.Onnx.Vad;
using Omnia.Vad;

namespace Omnia.Engines.Onnx.Tests.Vad;

public class SileroVadTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVad _vad = fixture.Vad;

    [Theory]
    [InlineData(16_000, 512)]
    [InlineData(8_000, 256)]
    public void A_stream_classifies_32_ms_frames_at_each_supported_rate(int sampleRate, int frameSize)
    {
        using var model = _vad.Create(sampleRate);

        Assert.Equal(sampleRate, model.SampleRate);
        Assert.Equal(frameSize, model.FrameSize);
        Assert.Contains(sampleRate, _vad.SampleRates);
    }

    [Fact]
    public void An_unsupported_sample_rate_is_refused_with_the_rates_it_takes()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _vad.Create(44_100));

        Assert.Contains("16000 or 8000", error.Message);
        Assert.Contains("44100", error.Message);
    }

    [Fact]
    public void A_frame_of_the_wrong_length_is_refused()
    {
        using var model = _vad.Create(16_000);

        var error = Assert.Throws<ArgumentException>(() => model.Classify(new float[160]));

        Assert.Contains("512", error.Message);
    }

    [Fact]
    public void A_missing_model_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-missing-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => new SileroVad(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_truncated_model_file_is_reported_as_not_loadable()
    {
        var model = File.ReadAllBytes(TestPaths.SileroVad);
        var path = Path.Combine(Path.GetTempPath(), $"omnia-truncated-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model[..(model.Length / 2)]);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => new SileroVad(path));

            Assert.Contains("not a loadable ONNX model", error.Message);
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_reported_as_not_loadable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-text-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a model");
        try
        {
            Assert.Throws<InvalidDataException>(() => new SileroVad(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Another_onnx_model_is_refused_with_the_inputs_it_has()
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-identity-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, OnnxModelWriter.Identity("x", "y", 4));
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => new SileroVad(path));

            Assert.Contains("not a Silero VAD v5/v6 graph", error.Message);
            Assert.Contains("found inputs x[4] Float and outputs y[4] Float", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Live_streams_outlast_their_disposed_model_which_refuses_new_streams()
    {
        var speech = Utterances.Trimmed(Utterances.Time);
        using var reference = _vad.Create(16_000);
        var expected = Classify(reference, speech);
        var vad = new SileroVad(TestPaths.SileroVad);
        var stream = vad.Create(16_000);

        vad.Dispose();
        var afterDispose = Classify(stream, speech);
        stream.Dispose();

        Assert.Equal(expected, afterDispose);
        Assert.Throws<ObjectDisposedException>(() => vad.Create(16_000));
        Assert.Throws<ObjectDisposedException>(() => stream.Classify(new float[512]));
    }

    [Fact]
    public void Probabilities_stay_between_0_and_1_and_tell_speech_from_noise()
    {
        var (audio, start) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Peas), seed: 1);
        var speechEnd = start + Utterances.Trimmed(Utterances.Peas).Length;
        using var model = _vad.Create(16_000);

        var probabilities = Classify(model, audio);

        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        var frameOf = (int sample) => sample / model.FrameSize;
        Assert.True(probabilities[..frameOf(start)].Max() < 0.5f, "silence and noise before the speech");
        Assert.True(probabilities[frameOf(speechEnd + TestSignals.Samples(300))..].Max() < 0.5f, "silence and noise after the speech");
        Assert.True(probabilities[(frameOf(start) + 3)..frameOf(speechEnd)].Average() > 0.8f, "the speech");
    }

    [Fact]
    public void Reset_forgets_the_state_carried_between_frames()
    {
        var speech = Utterances.Trimmed(Utterances.Time);
        using var model = _vad.Create(16_000);
        var fresh = Classify(model, speech);

        var afterOtherSpeech = Classify(model, speech);
        model.Reset();
        var afterReset = Classify(model, speech);

        Assert.NotEqual(fresh, afterOtherSpeech);
        Assert.Equal(fresh, afterReset);
    }

    [Fact]
    public void Streams_sharing_one_model_concurrently_match_each_stream_alone()
    {
        var inputs = Enumerable.Range(0, 8)
            .Select(i => Utterances.InSilenceAndNoise(Utterances.Trimmed(i % 2 == 0 ? Utterances.Peas : Utterances.Time), seed: i).Audio)
            .ToArray();
        var alone = inputs.Select(audio =>
        {
            using var model = _vad.Create(16_000);
            return Classify(model, audio);
        }).ToArray();

        var together = new float[inputs.Length][];
        using var start = new Barrier(inputs.Length);
        var threads = inputs.Select((audio, i) => new Thread(() =>
        {
            using var model = _vad.Create(16_000);
            start.SignalAndWait();
            together[i] = Classify(model, audio);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(alone[i], together[i]);
        }
    }

    [Fact]
    public void Speech_at_8_kHz_is_found_where_it_is()
    {
        var speech = Utterances.Trimmed(Utterances.Peas);
        var (audio, start) = Utterances.InSilenceAndNoise(speech, seed: 3);
        var halved = HalveSampleRate(audio);
        using var model = _vad.Create(8_000);
        var detector = new VoiceActivityDetector(model);

        var events = detector.Process(halved);

        var started = Assert.Single(events.OfType<SpeechStarted>());
        var stopped = Assert.Single(events.OfType<SpeechStopped>());
        Assert.InRange(started.SpeechStartMs, TestSignals.Ms(start) - 100, TestSignals.Ms(start) + 100);
        Assert.InRange(stopped.AudioEndMs, TestSignals.Ms(start + speech.Length) - 100, TestSignals.Ms(start + speech.Length) + 100);
    }

    private static float[] Classify(IVoiceActivityModel model, float[] audio)
    {
        var frames = audio.Length / model.FrameSize;
        var probabilities = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            probabilities[i] = model.Classify(audio.AsSpan(i * model.FrameSize, model.FrameSize));
        }

        return probabilities;
    }

    /// <summary>16 kHz to 8 kHz by averaging sample pairs, a low-pass good enough for a VAD.</summary>
    private static float[] HalveSampleRate(float[] audio)
    {
        var halved = new float[audio.Length / 2];
        for (var i = 0; i < halved.Length; i++)
        {
            halved[i] = (audio[2 * i] + audio[(2 * i) + 1]) / 2;
        }

        return halved;
    }
}
