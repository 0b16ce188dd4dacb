using Microsoft.Extensions.AI;
using Omnia.Engines.Classic.Espeak;
using Omnia.Engines.Onnx.Piper;
using Omnia.Errors;
using Omnia.Speech;
using Omnia.Tests;

namespace Omnia.Engines.Onnx.Tests.Piper;

/// <summary>The real path — espeak-ng phonemes, Piper ids, ONNX Runtime, PCM — through a generated Piper-shaped model.</summary>
public sealed class PiperTextToSpeechClientTests : IDisposable
{
    private readonly PiperTestVoice voice = new();
    private readonly EspeakPhonemizer phonemizer = new();

    [Fact]
    public async Task Hello_reaches_the_model_as_piper_phoneme_ids()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);

        var response = await client.GetAudioAsync("hello");

        // espeak-ng's IPA for "hello" is həlˈoʊ; Piper sends ^, then each phoneme followed by the pad _, then $.
        var expected = new[] { "^", "_", "h", "_", "ə", "_", "l", "_", "ˈ", "_", "o", "_", "ʊ", "_", "$" }.Select(p => PiperTestVoice.PhonemeIds[p]);
        var output = PiperOutput.Read(PiperOutput.Samples(Assert.Single(response.Contents)), expected.Count(), multiSpeaker: false);
        Assert.Equal(expected, output.Ids);
        Assert.Equal(PiperTestVoice.NoiseScale, output.Scales[0], 3);
        Assert.Equal(PiperTestVoice.LengthScale, output.Scales[1], 3);
        Assert.Equal(PiperTestVoice.NoiseWidth, output.Scales[2], 3);
        Assert.Equal(client.ModelId, response.ModelId);
    }

    [Fact]
    public async Task Speed_divides_the_length_scale_and_so_the_duration()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);
        const int ids = 15;

        var normal = PiperOutput.Read(PiperOutput.Samples((await client.GetAudioAsync("hello")).Contents[0]), ids, false);
        var fast = PiperOutput.Read(PiperOutput.Samples((await client.GetAudioAsync("hello", new TextToSpeechOptions { Speed = 2 })).Contents[0]), ids, false);

        Assert.Equal(PiperTestVoice.LengthScale / 2, fast.Scales[1], 3);
        Assert.Equal(Math.Ceiling(ids * PiperTestVoice.LengthScale * PiperTestVoice.SamplesPerIdAtNormalSpeed), normal.ToneSamples, 1.0);
        Assert.InRange(fast.ToneSamples, normal.ToneSamples / 2 - 2, normal.ToneSamples / 2 + 2);
    }

    [Fact]
    public async Task Each_sentence_streams_as_its_own_update_with_silence_between()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);
        string[] sentences = ["Hello there.", "How are you?", "Fine, thanks!"];

        var updates = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in client.GetStreamingAudioAsync(string.Join(' ', sentences)))
        {
            updates.Add(update);
        }

        Assert.Equal(sentences, updates.Select(u => u.AdditionalProperties?[SpeechProperties.SpokenText]));
        Assert.All(updates, u => Assert.Equal(TextToSpeechResponseUpdateKind.AudioUpdating, u.Kind));
        var silences = updates.Select(u => PiperOutput.Read(PiperOutput.Samples(u.Contents[0]), 3, false).TrailingSilence).ToList();
        Assert.All(silences.SkipLast(1), s => Assert.InRange(s, PiperTestVoice.SampleRate / 5, PiperTestVoice.SampleRate / 5 + 10));
        Assert.InRange(silences[^1], 0, 10);
        var whole = PiperOutput.Samples((await client.GetAudioAsync(string.Join(' ', sentences))).Contents[0]);
        Assert.Equal(updates.SelectMany(u => PiperOutput.Samples(u.Contents[0])), whole);
    }

    [Fact]
    public async Task Clause_punctuation_reaches_the_model()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);
        var phonemes = Assert.Single(await phonemizer.PhonemizeAsync("Yes, really?", "en-us")).Phonemes;

        var samples = PiperOutput.Samples((await client.GetAudioAsync("Yes, really?")).Contents[0]);

        var ids = PiperOutput.Read(samples, 2 + 2 * phonemes.Length + 1, false).Ids;
        Assert.Contains(PiperTestVoice.PhonemeIds[","], ids);
        Assert.Equal(PiperTestVoice.PhonemeIds["?"], ids[^3]);
    }

    [Fact]
    public async Task A_multi_speaker_voice_takes_speakers_by_name_number_or_alias()
    {
        using var multi = new PiperTestVoice(speakers: 4);
        using var client = new PiperTextToSpeechClient(multi.ModelPath, phonemizer,
            new PiperTextToSpeechClientOptions { VoiceAliases = new Dictionary<string, string> { ["alloy"] = "speaker3", ["nova"] = "6" } });

        async Task<long?> SpeakerFor(string? voiceId) =>
            PiperOutput.Read(PiperOutput.Samples((await client.GetAudioAsync("hello", new TextToSpeechOptions { VoiceId = voiceId })).Contents[0]), 15, true).Speaker;

        Assert.Equal(0, await SpeakerFor(null));
        Assert.Equal(2, await SpeakerFor("speaker2"));
        Assert.Equal(1, await SpeakerFor("1"));
        Assert.Equal(3, await SpeakerFor("alloy"));
        Assert.Equal(2, await SpeakerFor("nova"));
        Assert.Equal(4, client.SpeakerCount);
        Assert.Equal(["speaker0", "speaker1", "speaker2", "speaker3"], client.Speakers);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => SpeakerFor("speaker9"));
        Assert.Equal("voice", error.Param);
        Assert.Contains("speaker0, speaker1, speaker2, speaker3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_speaker_voice_answers_to_its_name_and_language_only()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);

        await client.GetAudioAsync("hello", new TextToSpeechOptions { VoiceId = client.ModelId });
        await client.GetAudioAsync("hello", new TextToSpeechOptions { VoiceId = "en-us", Language = "en" });
        Assert.Equal(1, client.SpeakerCount);
        var voiceError = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            client.GetAudioAsync("hello", new TextToSpeechOptions { VoiceId = "nova" }));
        var languageError = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            client.GetAudioAsync("hello", new TextToSpeechOptions { Language = "de" }));

        Assert.Contains("'nova'", voiceError.Message, StringComparison.Ordinal);
        Assert.Contains("speaks 'en-us', not 'de'", languageError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public async Task A_speed_that_is_not_positive_is_refused(float speed)
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetAudioAsync("hello", new TextToSpeechOptions { Speed = speed }));

        Assert.Equal("speed", error.Param);
    }

    [Fact]
    public async Task Empty_text_is_refused_and_text_with_nothing_to_say_is_silent()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);

        await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetAudioAsync("  "));
        var response = await client.GetAudioAsync(" ... ");

        Assert.Empty(PiperOutput.Samples(response.Contents[0]));
    }

    [Fact]
    public async Task A_cancelled_request_stops_with_cancellation()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAudioAsync("hello", cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task Requests_past_the_limit_are_refused_as_overloaded()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer, new PiperTextToSpeechClientOptions { MaxActiveRequests = 1 });
        await using var first = client.GetStreamingAudioAsync("One. Two.").GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        await Assert.ThrowsAsync<EngineOverloadedException>(() => client.GetAudioAsync("hello"));

        while (await first.MoveNextAsync())
        {
        }
        await client.GetAudioAsync("hello");
    }

    [Fact]
    public void The_voice_describes_its_audio()
    {
        using var client = new PiperTextToSpeechClient(voice.ModelPath, phonemizer, new PiperTextToSpeechClientOptions { ModelId = "piper-test" });

        Assert.Equal("audio/pcm;rate=16000;channels=1", client.MediaType);
        Assert.Equal("en-us", client.Language);
        Assert.Empty(client.Speakers);
        Assert.Equal("piper-test", client.GetService<TextToSpeechClientMetadata>()?.DefaultModelId);
    }

    public void Dispose() => voice.Dispose();
}
