using Microsoft.Extensions.AI;
using Omnia.Engines.Classic.Pocketsphinx;
using static Omnia.Engines.Classic.Tests.Pocketsphinx.PocketsphinxRecognitionTests;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

[Collection(PocketsphinxCollection.Name)]
public class PocketsphinxStreamingTests(PocketsphinxFixture fixture)
{
    private const int TwentyMilliseconds = PocketsphinxSpeechToTextClient.SampleRate / 50;
    private readonly PocketsphinxSpeechToTextClient client = fixture.Client;

    [Theory]
    [InlineData(PocketsphinxMode.Accurate)]
    [InlineData(PocketsphinxMode.Fast)]
    public async Task Feeding_20_ms_chunks_gives_the_same_text_as_one_shot(PocketsphinxMode mode)
    {
        // The third recording is three sentences in a row: past ~3 s pocketsphinx starts re-estimating its
        // cepstral mean, at input-block boundaries.
        short[][] recordings = [fixture.Sentences.Audio[0], fixture.Sentences.Audio[4], [.. fixture.Sentences.Audio.Take(3).SelectMany(a => a)]];
        foreach (var audio in recordings)
        {
            var oneShot = (await client.GetTextAsync(Pcm(audio), Options(mode))).Text;
            using var stream = await client.OpenStreamAsync(mode);
            for (var offset = 0; offset < audio.Length; offset += TwentyMilliseconds)
            {
                stream.Append(audio.AsSpan(offset, Math.Min(TwentyMilliseconds, audio.Length - offset)));
            }
            Assert.NotEmpty(oneShot);
            Assert.Equal(oneShot, stream.Finish());
        }
    }

    [Fact]
    public async Task Partial_text_appears_while_audio_arrives()
    {
        var audio = fixture.Sentences.Audio[0];
        using var stream = await client.OpenStreamAsync();
        var partials = new List<(long Samples, string Text)>();
        for (var offset = 0; offset < audio.Length; offset += TwentyMilliseconds)
        {
            stream.Append(audio.AsSpan(offset, Math.Min(TwentyMilliseconds, audio.Length - offset)));
            if (partials.Count == 0 || partials[^1].Text != stream.PartialText)
            {
                partials.Add((stream.SampleCount, stream.PartialText));
            }
        }
        var final = stream.Finish();
        Assert.Contains(partials, p => p.Samples < audio.Length * 0.8 && WordErrorRate.Words(p.Text).Length >= 3);
        Assert.True(partials.Count >= 4, string.Join(" | ", partials));
        Assert.Equal(final, stream.PartialText);
        Assert.Equal(TimeSpan.FromSeconds(audio.Length / 16000.0), stream.Duration);
    }

    [Fact]
    public async Task Streaming_yields_partial_hypotheses_then_the_final_text()
    {
        var audio = fixture.Sentences.Audio[2];
        var expected = (await client.GetTextAsync(Pcm(audio))).Text;

        var updates = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(Pcm(audio)))
        {
            updates.Add(update);
        }

        var partials = updates.Where(u => u.Kind == SpeechToTextResponseUpdateKind.TextUpdating).ToList();
        Assert.NotEmpty(partials);
        Assert.All(partials, p => Assert.IsType<string>(p.AdditionalProperties![PocketsphinxSpeechToTextClient.PartialTextKey]));
        Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdated, updates[^1].Kind);
        Assert.Equal(expected, updates[^1].Text);
        Assert.Equal(expected, updates.ToSpeechToTextResponse().Text);
    }

    [Fact]
    public async Task Every_block_decoded_is_reported_with_how_far_the_decoder_has_heard_even_in_silence_where_the_words_do_not_change()
    {
        var speech = fixture.Sentences.Audio[2];
        short[] audio = [.. speech, .. new short[16000]];

        var partials = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(Pcm(audio)))
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdating) partials.Add(update);

        var ends = partials.Select(p => p.EndTime!.Value).ToList();
        Assert.Equal(ends.Order(), ends);
        Assert.Equal(ends.Count, ends.Distinct().Count());
        // The second of silence after the words is heard too: a listener knows the words cover the pause.
        Assert.True(ends[^1] >= TimeSpan.FromSeconds((speech.Length + 12000) / 16000.0), $"last partial ends at {ends[^1]}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32000)]
    public async Task Silence_or_no_audio_gives_an_empty_transcript(int sampleCount)
    {
        var response = await client.GetTextAsync(Pcm(new short[sampleCount]));
        Assert.Equal("", response.Text);

        using var stream = await client.OpenStreamAsync(PocketsphinxMode.Fast);
        stream.Append(new short[sampleCount]);
        Assert.Equal("", stream.PartialText);
        Assert.Equal("", stream.Finish());
    }

    [Fact]
    public async Task A_decoder_is_reused_after_an_abandoned_utterance()
    {
        var audio = fixture.Sentences.Audio[4];
        using (var abandoned = await client.OpenStreamAsync())
        {
            abandoned.Append(audio.AsSpan(0, audio.Length / 2));
        }
        var text = (await client.GetTextAsync(Pcm(audio))).Text;
        Assert.Equal("turn on the lights in the kitchen", text);
    }

    [Fact]
    public async Task Appending_after_finish_is_refused()
    {
        using var stream = await client.OpenStreamAsync(PocketsphinxMode.Fast);
        stream.Finish();
        Assert.Throws<InvalidOperationException>(() => stream.Append(new short[320]));
    }

    [Fact]
    public async Task An_odd_byte_split_across_reads_keeps_samples_aligned()
    {
        var audio = fixture.Sentences.Audio[4];
        var bytes = Pcm(audio).ToArray();
        var oneShot = (await client.GetTextAsync(new MemoryStream(bytes))).Text;
        var trickled = (await client.GetTextAsync(new OddSizedReadsStream(bytes))).Text;
        Assert.Equal(oneShot, trickled);
    }

    /// <summary>Returns 333 bytes per read at most, so samples straddle reads (a fault-injecting stream).</summary>
    private sealed class OddSizedReadsStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 333));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 333)], cancellationToken);
    }
}
