using Microsoft.Extensions.AI;
using Omnia.Engines.Classic.Pocketsphinx;
using static Omnia.Engines.Classic.Tests.Pocketsphinx.PocketsphinxRecognitionTests;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

[Collection(PocketsphinxCollection.Name)]
public class PocketsphinxClientTests(PocketsphinxFixture fixture)
{
    [Fact]
    public async Task Concurrent_requests_beyond_the_pool_size_wait_and_all_succeed()
    {
        using var client = new PocketsphinxSpeechToTextClient(new() { MaxDecodersPerMode = 1 });
        var audio = fixture.Sentences.Audio[4];
        var texts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(async () => (await client.GetTextAsync(Pcm(audio), Options(PocketsphinxMode.Fast))).Text)));
        Assert.All(texts, t => Assert.Equal("turn on the lights in the kitchen", t));
    }

    [Fact]
    public async Task A_pooled_decoder_gives_the_same_text_whatever_it_decoded_before()
    {
        // One decoder, so every request reuses it: first fresh, then after this very audio, then after other audio.
        using var client = new PocketsphinxSpeechToTextClient(new() { MaxDecodersPerMode = 1 });
        var audio = fixture.Sentences.Audio[0];
        var texts = new List<string>();
        foreach (var heardBefore in new[] { [], audio, fixture.Sentences.Audio[7] })
        {
            await client.GetTextAsync(Pcm(heardBefore), Options(PocketsphinxMode.Fast));
            texts.Add((await client.GetTextAsync(Pcm(audio), Options(PocketsphinxMode.Fast))).Text);
        }
        Assert.Single(texts.Distinct());
    }

    [Fact]
    public async Task Trimming_frees_idle_decoders_beyond_one_warm_accurate_one_and_never_a_rented_one()
    {
        // A burst of concurrent utterances leaves a decoder (~100 MB of native memory each) per utterance in the pool.
        using var client = new PocketsphinxSpeechToTextClient(new() { MaxDecodersPerMode = 3 });
        var accurate = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.OpenStreamAsync(PocketsphinxMode.Accurate)));
        var fast = await client.OpenStreamAsync(PocketsphinxMode.Fast);

        client.TrimIdle();
        Assert.Equal(0, client.IdleDecoders(PocketsphinxMode.Accurate));

        foreach (var stream in accurate.Append(fast))
        {
            stream.Dispose();
        }
        Assert.Equal(3, client.IdleDecoders(PocketsphinxMode.Accurate));
        Assert.Equal(1, client.IdleDecoders(PocketsphinxMode.Fast));

        client.TrimIdle();
        Assert.Equal(1, client.IdleDecoders(PocketsphinxMode.Accurate));
        Assert.Equal(0, client.IdleDecoders(PocketsphinxMode.Fast));

        // The pool still serves both modes: the warm decoder is reused, the fast one is created again.
        var audio = fixture.Sentences.Audio[4];
        var expected = (await fixture.Client.GetTextAsync(Pcm(audio), Options(PocketsphinxMode.Accurate))).Text;
        Assert.Equal(expected, (await client.GetTextAsync(Pcm(audio), Options(PocketsphinxMode.Accurate))).Text);
        Assert.Equal("turn on the lights in the kitchen", (await client.GetTextAsync(Pcm(audio), Options(PocketsphinxMode.Fast))).Text);
        Assert.Equal(1, client.IdleDecoders(PocketsphinxMode.Accurate));
    }

    [Fact]
    public async Task A_wav_file_is_refused_with_a_message_saying_to_decode_it()
    {
        var wav = new MemoryStream([.. "RIFF"u8, .. new byte[100]]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetTextAsync(wav));
        Assert.Contains("WAV", error.Message);
        Assert.Contains("16000 Hz", error.Message);
    }

    [Theory]
    [InlineData("pocketsphinx_mode", "thorough", "not a pocketsphinx mode")]
    [InlineData("sample_rate", 8000, "16000 Hz")]
    [InlineData("language", "fr", "English only")]
    public async Task Bad_options_are_refused_with_a_clear_message(string option, object value, string message)
    {
        var options = option switch
        {
            "sample_rate" => new SpeechToTextOptions { SpeechSampleRate = (int)value },
            "language" => new SpeechToTextOptions { SpeechLanguage = (string)value },
            _ => new SpeechToTextOptions { AdditionalProperties = new() { [option] = value } },
        };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetTextAsync(Pcm(new short[320]), options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task One_utterance_longer_than_its_limit_is_refused()
    {
        using var client = new PocketsphinxSpeechToTextClient(new() { MaxUtteranceDuration = TimeSpan.FromSeconds(1) });
        using var stream = await client.OpenStreamAsync(PocketsphinxMode.Fast);
        var error = Assert.Throws<InvalidOperationException>(() => stream.Append(new short[20000]));
        Assert.Contains("00:00:01", error.Message);
    }

    [Fact]
    public async Task A_transcription_longer_than_the_utterance_limit_is_segmented_rather_than_refused()
    {
        using var client = new PocketsphinxSpeechToTextClient(new() { MaxUtteranceDuration = TimeSpan.FromSeconds(1) });
        var response = await client.GetTextAsync(Pcm(new short[40000]), Options(PocketsphinxMode.Fast));
        Assert.Equal("", response.Text);
        Assert.Equal(2.5, response.EndTime!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void A_missing_model_names_the_package_to_install()
    {
        var error = Assert.Throws<DebianPackageMissingException>(
            () => new PocketsphinxSpeechToTextClient(new() { ModelDirectory = "/nonexistent/model" }));
        Assert.Contains("apt-get install -y libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us", error.Message);
        Assert.Equal("pocketsphinx", error.Engine);
    }

    [Fact]
    public void Metadata_names_the_provider_and_model()
    {
        var metadata = fixture.Client.GetService<SpeechToTextClientMetadata>();
        Assert.Equal("pocketsphinx", metadata?.ProviderName);
        Assert.Equal(PocketsphinxSpeechToTextClient.ModelId, metadata?.DefaultModelId);
        Assert.Same(fixture.Client, fixture.Client.GetService<PocketsphinxSpeechToTextClient>());
    }
}
