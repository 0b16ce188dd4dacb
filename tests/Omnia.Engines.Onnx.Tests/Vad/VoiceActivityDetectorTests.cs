using Omnia.Engines.Onnx.Vad;
using Omnia.Vad;

namespace Omnia.Engines.Onnx.Tests.Vad;

/// <summary>OpenAI's server_vad rules over the real Silero VAD, on speech spoken by flite.</summary>
public class VoiceActivityDetectorTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private const int FrameMs = 32;
    private readonly SileroVad _vad = fixture.Vad;

    [Fact]
    public void Silence_causes_no_events()
    {
        Assert.Empty(Detect(TestSignals.Silence(5000)));
    }

    [Theory]
    [InlineData(0.003f)]
    [InlineData(0.01f)]
    [InlineData(0.03f)]
    public void Low_white_noise_causes_no_events(float rms)
    {
        var audio = TestSignals.Concat(TestSignals.Silence(1000), TestSignals.Noise(3000, rms, seed: 5), TestSignals.Silence(1000));

        Assert.Empty(Detect(audio));
    }

    [Theory]
    [InlineData(Utterances.Stella)]
    [InlineData(Utterances.Peas)]
    [InlineData(Utterances.Time)]
    public void Speech_padded_with_silence_and_noise_is_one_segment_within_100_ms_of_its_bounds(string text)
    {
        var speech = Utterances.Trimmed(text);
        var (audio, start) = Utterances.InSilenceAndNoise(speech, seed: 11);
        var options = new VoiceActivityOptions();

        var events = Detect(audio, options);

        AssertWellFormed(events);
        var started = Assert.Single(events.OfType<SpeechStarted>());
        var stopped = Assert.Single(events.OfType<SpeechStopped>());
        AssertNear(TestSignals.Ms(start), started.SpeechStartMs);
        AssertNear(TestSignals.Ms(start + speech.Length), stopped.AudioEndMs);
        Assert.Equal(started.SpeechStartMs - options.PrefixPaddingMs, started.AudioStartMs);
        Assert.InRange(stopped.DetectedAtMs, stopped.AudioEndMs + options.SilenceDurationMs, stopped.AudioEndMs + options.SilenceDurationMs + FrameMs);
    }

    [Fact]
    public void A_pause_longer_than_the_silence_duration_splits_two_utterances()
    {
        var first = Utterances.Trimmed(Utterances.Peas);
        var second = Utterances.Trimmed(Utterances.Time);
        var gap = TestSignals.Silence(1000);
        var (audio, start) = Utterances.InSilenceAndNoise(TestSignals.Concat(first, gap, second), seed: 12);

        var events = Detect(audio, new VoiceActivityOptions { SilenceDurationMs = 500 });

        AssertWellFormed(events);
        var starts = events.OfType<SpeechStarted>().ToList();
        var stops = events.OfType<SpeechStopped>().ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal(2, stops.Count);
        AssertNear(TestSignals.Ms(start + first.Length), stops[0].AudioEndMs);
        AssertNear(TestSignals.Ms(start + first.Length + gap.Length), starts[1].SpeechStartMs);
    }

    [Fact]
    public void A_pause_shorter_than_the_silence_duration_keeps_one_utterance()
    {
        var first = Utterances.Trimmed(Utterances.Peas);
        var second = Utterances.Trimmed(Utterances.Time);
        var (audio, start) = Utterances.InSilenceAndNoise(TestSignals.Concat(first, TestSignals.Silence(200), second), seed: 13);

        var events = Detect(audio, new VoiceActivityOptions { SilenceDurationMs = 500 });

        AssertWellFormed(events);
        var started = Assert.Single(events.OfType<SpeechStarted>());
        var stopped = Assert.Single(events.OfType<SpeechStopped>());
        AssertNear(TestSignals.Ms(start), started.SpeechStartMs);
        AssertNear(TestSignals.Ms(audio.Length) - 2000, stopped.AudioEndMs);
    }

    [Fact]
    public void New_options_apply_from_the_next_frame_without_losing_the_stream()
    {
        var first = Utterances.Trimmed(Utterances.Peas);
        var (audio, start) = Utterances.InSilenceAndNoise(TestSignals.Concat(first, TestSignals.Silence(1000), Utterances.Trimmed(Utterances.Time)), seed: 19);
        var switchAt = start + first.Length + TestSignals.Samples(200);
        using var model = _vad.Create(16_000);
        var detector = new VoiceActivityDetector(model, new VoiceActivityOptions { SilenceDurationMs = 500 });
        var before = detector.Process(audio.AsSpan(0, switchAt));
        var switchedAtMs = detector.ClassifiedMs;

        detector.Options = new VoiceActivityOptions { SilenceDurationMs = 0 };
        var after = detector.Process(audio.AsSpan(switchAt));

        Assert.IsType<SpeechPaused>(before[^1]);
        var stopped = Assert.IsType<SpeechStopped>(after[0]);
        Assert.Equal(switchedAtMs + FrameMs, stopped.DetectedAtMs);
        Assert.Equal(((SpeechPaused)before[^1]).AudioEndMs, stopped.AudioEndMs);
        Assert.Single(after.OfType<SpeechStarted>());
    }

    [Fact]
    public void The_first_silent_frame_is_reported_long_before_speech_stops()
    {
        var (audio, _) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Stella), seed: 14);
        var options = new VoiceActivityOptions { SilenceDurationMs = 500 };

        var events = Detect(audio, options);

        var stopped = Assert.Single(events.OfType<SpeechStopped>());
        var paused = events.OfType<SpeechPaused>().Last();
        Assert.Equal(stopped.AudioEndMs, paused.AudioEndMs);
        Assert.Equal(paused.AudioEndMs + FrameMs, paused.DetectedAtMs);
        Assert.InRange(stopped.DetectedAtMs - paused.DetectedAtMs, options.SilenceDurationMs - FrameMs, options.SilenceDurationMs);
    }

    [Fact]
    public void With_no_silence_duration_the_first_silent_frame_stops_speech()
    {
        var (audio, _) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Time), seed: 15);

        var events = Detect(audio, new VoiceActivityOptions { SilenceDurationMs = 0 });

        AssertWellFormed(events);
        Assert.DoesNotContain(events, e => e is SpeechResumed);
        Assert.All(events.OfType<SpeechStopped>(), s => Assert.Equal(s.AudioEndMs + FrameMs, s.DetectedAtMs));
    }

    [Fact]
    public void Prefix_padding_moves_the_reported_start_back_but_not_before_the_stream_began()
    {
        var (audio, _) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Time), seed: 16);

        var unpadded = Assert.Single(Detect(audio, new VoiceActivityOptions { PrefixPaddingMs = 0 }).OfType<SpeechStarted>());
        var padded = Assert.Single(Detect(audio, new VoiceActivityOptions { PrefixPaddingMs = 300 }).OfType<SpeechStarted>());
        var overPadded = Assert.Single(Detect(audio, new VoiceActivityOptions { PrefixPaddingMs = 10_000 }).OfType<SpeechStarted>());

        Assert.Equal(unpadded.SpeechStartMs, unpadded.AudioStartMs);
        Assert.Equal(unpadded.SpeechStartMs - 300, padded.AudioStartMs);
        Assert.Equal(0, overPadded.AudioStartMs);
        Assert.Equal(unpadded.SpeechStartMs, overPadded.SpeechStartMs);
    }

    [Theory]
    [InlineData(160)]
    [InlineData(1)]
    [InlineData(513)]
    [InlineData(4000)]
    public void Chunk_sizes_do_not_change_the_events_or_the_frames(int chunkSize)
    {
        var (audio, _) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Stella), seed: 17);
        var (wholeEvents, wholeFrames) = Run(audio, audio.Length);

        var (chunkedEvents, chunkedFrames) = Run(audio, chunkSize);

        Assert.NotEmpty(wholeEvents);
        Assert.Equal(wholeEvents, chunkedEvents);
        Assert.Equal(wholeFrames, chunkedFrames);
    }

    [Fact]
    public void Every_whole_frame_is_reported_in_order_on_the_audio_timeline()
    {
        var audio = TestSignals.Concat(Utterances.Trimmed(Utterances.Time), TestSignals.Silence(100));

        var (_, frames) = Run(audio, audio.Length);

        Assert.Equal(audio.Length / 512, frames.Count);
        Assert.Equal(Enumerable.Range(1, frames.Count).Select(i => (long)i * FrameMs), frames.Select(f => f.EndMs));
        Assert.All(frames, f => Assert.Equal(f.Probability >= 0.5f, f.IsSpeech));
    }

    [Fact]
    public void A_chunk_with_a_non_finite_sample_is_refused_and_leaves_the_stream_intact()
    {
        var (audio, _) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Time), seed: 20);
        var (expected, _) = Run(audio, audio.Length);
        using var model = _vad.Create(16_000);
        var detector = new VoiceActivityDetector(model);
        var half = audio.Length / 2;
        var events = detector.Process(audio.AsSpan(0, half)).ToList();
        var poisoned = audio[half..(half + 1000)];
        poisoned[700] = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => detector.Process(poisoned));
        events.AddRange(detector.Process(audio.AsSpan(half)));

        Assert.Contains("sample 700", error.Message);
        Assert.Equal(expected, events);
    }

    [Fact]
    public void Reset_restarts_the_stream_and_its_timeline()
    {
        var (audio, _) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Peas), seed: 18);
        using var model = _vad.Create(16_000);
        var detector = new VoiceActivityDetector(model);
        var first = detector.Process(audio);

        detector.Process(audio.AsSpan(0, audio.Length / 2 + 100));
        detector.Reset();
        var again = detector.Process(audio);

        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.False(detector.IsSpeaking);
        Assert.Equal(TestSignals.Ms(audio.Length / 512 * 512), detector.ClassifiedMs);
    }

    private IReadOnlyList<VoiceActivityEvent> Detect(float[] audio, VoiceActivityOptions? options = null) =>
        Run(audio, audio.Length, options).Events;

    private (List<VoiceActivityEvent> Events, List<VoiceActivityFrame> Frames) Run(float[] audio, int chunkSize, VoiceActivityOptions? options = null)
    {
        using var model = _vad.Create(16_000);
        var detector = new VoiceActivityDetector(model, options);
        var frames = new List<VoiceActivityFrame>();
        detector.FrameClassified += (_, frame) => frames.Add(frame);
        var events = new List<VoiceActivityEvent>();
        for (var offset = 0; offset < audio.Length; offset += chunkSize)
        {
            events.AddRange(detector.Process(audio.AsSpan(offset, Math.Min(chunkSize, audio.Length - offset))));
        }

        return (events, frames);
    }

    private static void AssertNear(double expectedMs, long actualMs) => Assert.InRange(actualMs, expectedMs - 100, expectedMs + 100);

    /// <summary>Events follow started, then any number of paused and resumed, then paused and stopped; positions never go back.</summary>
    private static void AssertWellFormed(IReadOnlyList<VoiceActivityEvent> events)
    {
        VoiceActivityEvent? previous = null;
        foreach (var e in events)
        {
            var allowed = (previous, e) switch
            {
                (null or SpeechStopped, SpeechStarted) => true,
                (SpeechStarted or SpeechResumed, SpeechPaused) => true,
                (SpeechPaused, SpeechResumed or SpeechStopped) => true,
                _ => false,
            };
            Assert.True(allowed, $"{e} after {previous?.ToString() ?? "nothing"}");
            Assert.True(previous is null || e.DetectedAtMs >= previous.DetectedAtMs, $"{e} goes back before {previous}");
            previous = e;
        }

        Assert.True(previous is null or SpeechStopped, $"speech did not stop: the last event is {previous}");
    }
}
