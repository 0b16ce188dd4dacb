using Microsoft.Extensions.AI;
using Omnia.Engines.Classic.Pocketsphinx;
using Xunit.Abstractions;
using static Omnia.Engines.Classic.Tests.Pocketsphinx.PocketsphinxRecognitionTests;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>Issue #10: audio longer than one utterance allows is recognised segment by segment, not refused.</summary>
[Collection(PocketsphinxCollection.Name)]
public class LongAudioRecognitionTests(PocketsphinxFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Speech_longer_than_the_utterance_limit_is_recognised_segment_by_segment()
    {
        // Flite's ten sentences joined with pauses, twice: about a minute of real speech, over a 30-second utterance
        // limit (the 10-minute default scaled down, so that pocketsphinx runs briefly).
        var pause = new short[16000 * 6 / 10];
        var round = fixture.Sentences.Audio.SelectMany(sentence => sentence.Concat(pause)).ToArray();
        var rounds = (int)Math.Ceiling(45.0 * 16000 / round.Length);
        var audio = Enumerable.Repeat(round, rounds).SelectMany(samples => samples).ToArray();
        var expected = Enumerable.Repeat(FliteSentences.Texts, rounds).SelectMany(texts => texts).SelectMany(WordErrorRate.Words).ToArray();
        using var client = new PocketsphinxSpeechToTextClient(new()
        {
            MaxUtteranceDuration = TimeSpan.FromSeconds(30),
            MaxSegmentDuration = TimeSpan.FromSeconds(12),
            MaxDecodersPerMode = 1,
        });

        var segments = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(Pcm(audio), Options(PocketsphinxMode.Fast)))
        {
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated) segments.Add(update);
        }

        var words = segments.SelectMany(segment => WordErrorRate.Words(segment.Text)).ToArray();
        var wer = WordErrorRate.Distance(expected, words) / (double)expected.Length;
        output.WriteLine($"{audio.Length / 16000.0:0} s in {segments.Count} segments, WER {wer:P1}");
        Assert.InRange(segments.Count, audio.Length / (12 * 16000), audio.Length / (7 * 16000) + 1);
        Assert.All(segments, segment => Assert.InRange((segment.EndTime - segment.StartTime)!.Value.TotalSeconds, 0.01, 12));
        Assert.Equal(audio.Length / 16000.0, segments[^1].EndTime!.Value.TotalSeconds, 3);
        // Fast mode's measured rate on the sentences one by one is 23 %; cuts in the pauses should cost little more.
        Assert.InRange(wer, 0, 0.35);
    }
}
