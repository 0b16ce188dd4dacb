using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Omnia.Engines.Classic.Pocketsphinx;
using Xunit.Abstractions;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

[Collection(PocketsphinxCollection.Name)]
public class PocketsphinxRecognitionTests(PocketsphinxFixture fixture, ITestOutputHelper output)
{
    private readonly PocketsphinxSpeechToTextClient client = fixture.Client;

    [Fact]
    public async Task Accurate_mode_transcribes_flite_speech_within_the_measured_word_error_rate()
    {
        var wer = await MeasureWordErrorRate(PocketsphinxMode.Accurate);
        Assert.InRange(wer, 0, AccurateBound);
    }

    [Fact]
    public async Task Fast_mode_transcribes_flite_speech_within_a_looser_word_error_rate()
    {
        var wer = await MeasureWordErrorRate(PocketsphinxMode.Fast);
        Assert.InRange(wer, 0, FastBound);
    }

    // Measured here (pocketsphinx 0.8 from bookworm, flite 2.2 slt, every utterance from the model's initial
    // cepstral mean): 10.3 % accurate (8 of 78 words), 23.1 % fast (18 of 78). The bounds allow two more errors each.
    private const double AccurateBound = 10 / 78.0;
    private const double FastBound = 20 / 78.0;

    private async Task<double> MeasureWordErrorRate(PocketsphinxMode mode)
    {
        var errors = 0;
        var words = 0;
        for (var i = 0; i < FliteSentences.Texts.Length; i++)
        {
            var response = await client.GetTextAsync(Pcm(fixture.Sentences.Audio[i]), Options(mode));
            var reference = WordErrorRate.Words(FliteSentences.Texts[i]);
            var distance = WordErrorRate.Distance(reference, WordErrorRate.Words(response.Text));
            output.WriteLine($"{distance}/{reference.Length}  {FliteSentences.Texts[i]}  →  {response.Text}");
            errors += distance;
            words += reference.Length;
        }
        var wer = errors / (double)words;
        output.WriteLine($"{mode}: WER {wer:P1} ({errors}/{words})");
        return wer;
    }

    internal static MemoryStream Pcm(short[] samples) => new(MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());

    internal static SpeechToTextOptions Options(PocketsphinxMode mode) =>
        new() { AdditionalProperties = new() { [PocketsphinxSpeechToTextClient.ModeKey] = mode.ToString().ToLowerInvariant() } };
}
