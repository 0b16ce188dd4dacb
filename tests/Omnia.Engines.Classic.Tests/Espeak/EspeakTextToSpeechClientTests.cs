using Microsoft.Extensions.AI;
using Omnia.Engines.Classic.Espeak;

namespace Omnia.Engines.Classic.Tests.Espeak;

public class EspeakTextToSpeechClientTests
{
    private const string TenWords = "The quick brown fox jumps over the lazy dog again.";
    private readonly EspeakTextToSpeechClient client = new();

    [Fact]
    public async Task A_sentence_becomes_audible_pcm_of_plausible_duration()
    {
        var response = await client.GetAudioAsync(TenWords);

        var audio = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("audio/pcm;rate=22050;channels=1", audio.MediaType);
        Assert.Equal(22050, client.SampleRate);
        var samples = Pcm.Samples(audio);
        Assert.InRange(Pcm.Seconds(samples), 0.5, 5);
        Assert.True(Pcm.Rms(samples) > 500, $"RMS {Pcm.Rms(samples)} is near silence");
        Assert.Equal(EspeakTextToSpeechClient.ModelId, response.ModelId);
    }

    [Fact]
    public async Task Streaming_yields_each_sentence_as_its_own_chunk()
    {
        string[] sentences = ["Hello there.", "How are you today?", "I am fine, thank you!"];
        var updates = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in client.GetStreamingAudioAsync(string.Join(' ', sentences)))
        {
            updates.Add(update);
        }

        Assert.Equal(sentences, updates.Select(u => (string)u.AdditionalProperties![EspeakTextToSpeechClient.SpokenTextKey]!));
        Assert.All(updates, u => Assert.True(Pcm.Seconds(Pcm.Samples(u.Contents)) > 0.3));
        var whole = Pcm.Samples((await client.GetAudioAsync(string.Join(' ', sentences))).Contents);
        var streamed = updates.SelectMany(u => Pcm.Samples(u.Contents)).ToArray();
        // espeak-ng's output varies by a few milliseconds with what it synthesized before, so lengths are compared loosely.
        Assert.InRange(streamed.Length, whole.Length * 0.97, whole.Length * 1.03);
    }

    [Fact]
    public async Task Streaming_synthesizes_at_most_one_sentence_ahead_and_leaves_the_engine_free_meanwhile()
    {
        var text = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"This is sentence number {i} of a long answer."));
        using var cancellation = new CancellationTokenSource();
        var chunks = 0;
        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingAudioAsync(text, cancellationToken: cancellation.Token))
            {
                chunks++;
                // While the stream waits here, the engine is free: another request is served in between.
                var other = await client.GetAudioAsync("Meanwhile.", cancellationToken: CancellationToken.None);
                Assert.NotEmpty(Pcm.Samples(other.Contents));
                await cancellation.CancelAsync();
            }
        });
        // Synthesis runs at most one sentence ahead of the reader, so cancelling stops the rest.
        Assert.InRange(chunks, 1, 2);
        Assert.Equal(cancellation.Token, stopped.CancellationToken);
    }

    [Fact]
    public async Task Different_voices_and_languages_sound_different()
    {
        const string text = "one two three four five";
        var english = Pcm.Samples((await client.GetAudioAsync(text, new() { VoiceId = "en-us" })).Contents);
        var british = Pcm.Samples((await client.GetAudioAsync(text, new() { VoiceId = "en-gb" })).Contents);
        var german = Pcm.Samples((await client.GetAudioAsync(text, new() { Language = "de" })).Contents);
        var female = Pcm.Samples((await client.GetAudioAsync(text, new() { VoiceId = "en-us+f3" })).Contents);

        var englishAgain = Pcm.Samples((await client.GetAudioAsync(text, new() { VoiceId = "en-us" })).Contents);

        Assert.True(Sameness(english, englishAgain) > 0.98, $"the same voice twice: {Sameness(english, englishAgain)}");
        foreach (var other in new[] { british, german, female })
        {
            Assert.True(Sameness(english, other) < 0.95, $"another voice: {Sameness(english, other)}");
        }
        Assert.All(new[] { british, german, female }, s => Assert.True(Pcm.Rms(s) > 500));

        // Measured here: the same voice twice ≥ 0.999; en-gb 0.87 (timing), de 0.63, en-us+f3 0.64 (timbre).
        static double Sameness(short[] a, short[] b) => new SpeechFingerprint(a).Similarity(new SpeechFingerprint(b));
    }

    [Fact]
    public async Task Speed_changes_the_duration()
    {
        var normal = Pcm.Seconds(Pcm.Samples((await client.GetAudioAsync(TenWords)).Contents));
        var fast = Pcm.Seconds(Pcm.Samples((await client.GetAudioAsync(TenWords, new() { Speed = 2f })).Contents));
        var slow = Pcm.Seconds(Pcm.Samples((await client.GetAudioAsync(TenWords, new() { Speed = 0.6f })).Contents));

        Assert.InRange(fast, 0.3 * normal, 0.7 * normal);
        Assert.InRange(slow, 1.3 * normal, 2.2 * normal);
    }

    [Fact]
    public async Task An_unknown_voice_is_refused_with_the_installed_ones_listed()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => client.GetAudioAsync("Hello.", new() { VoiceId = "zz-unknown-voice" }));
        Assert.Contains("Unknown espeak-ng voice 'zz-unknown-voice'", error.Message);
        Assert.Contains("en-us", error.Message);
        Assert.Contains("fr-fr", error.Message);

        // The engine keeps working with a valid voice afterwards.
        Assert.NotEmpty(Pcm.Samples((await client.GetAudioAsync("Hello.")).Contents));
    }

    [Fact]
    public void A_default_voice_that_is_not_installed_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new EspeakTextToSpeechClient("zz-unknown-voice"));
        Assert.Contains("'zz-unknown-voice' is not installed", error.Message);
        Assert.Equal(client.MediaType, new EspeakTextToSpeechClient("fr").MediaType);
    }

    [Fact]
    public async Task Every_listed_language_is_a_valid_voice_id()
    {
        var voices = await client.ListVoicesAsync();

        Assert.True(voices.Count > 50, $"only {voices.Count} voices");
        Assert.Contains(voices, v => v.Languages.Contains("en-us"));
        foreach (var voice in voices.Where(v => v.Languages.Count > 0).Take(5).Append(voices.First(v => v.Languages.Contains("fr-fr"))))
        {
            var audio = await client.GetAudioAsync("1 2 3", new() { VoiceId = voice.Languages[0] });
            Assert.True(Pcm.Rms(Pcm.Samples(audio.Contents)) > 200, voice.Name);
        }
    }

    [Fact]
    public async Task Concurrent_requests_with_different_voices_each_get_their_own_voice()
    {
        string[] voices = ["en-us", "de", "fr-fr", "es", "it", "en-gb", "nl", "pt"];
        const string text = "Seven eight nine. Ten eleven twelve.";
        var alone = new Dictionary<string, short[]>();
        foreach (var voice in voices)
        {
            alone[voice] = Pcm.Samples((await client.GetAudioAsync(text, new() { VoiceId = voice })).Contents);
        }

        var together = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            var voice = voices[i % voices.Length];
            var response = await client.GetAudioAsync(text, new() { VoiceId = voice });
            return (voice, samples: Pcm.Samples(response.Contents));
        })));

        // espeak-ng's output drifts by a few milliseconds from run to run, so each result is matched to the nearest
        // voice heard alone rather than compared sample by sample.
        var references = alone.ToDictionary(p => p.Key, p => new SpeechFingerprint(p.Value));
        Assert.All(together, r =>
        {
            Assert.InRange(r.samples.Length, alone[r.voice].Length * 0.97, alone[r.voice].Length * 1.03);
            var heard = new SpeechFingerprint(r.samples);
            var nearest = references.MaxBy(reference => reference.Value.Similarity(heard)).Key;
            Assert.Equal(r.voice, nearest);
        });
    }

    [Theory]
    [InlineData("", null, null, "empty")]
    [InlineData("Hi.", "../../../etc/passwd", null, "not a valid espeak-ng voice id")]
    [InlineData("Hi.", null, "mp3", "PCM only")]
    public async Task Bad_requests_are_refused_with_a_clear_message(string text, string? voice, string? format, string message)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => client.GetAudioAsync(text, new() { VoiceId = voice, AudioFormat = format }));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public async Task A_speed_that_is_not_positive_is_refused(float speed) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetAudioAsync("Hi.", new() { Speed = speed }));

    [Fact]
    public async Task A_cancelled_request_stops_without_audio()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAudioAsync(TenWords, cancellationToken: cancellation.Token));
    }
}
