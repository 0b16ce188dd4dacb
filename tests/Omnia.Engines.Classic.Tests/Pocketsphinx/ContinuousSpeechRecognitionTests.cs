using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Engines.Classic.Pocketsphinx;
using Xunit.Abstractions;
using static Omnia.Engines.Classic.Tests.Pocketsphinx.PocketsphinxRecognitionTests;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>Issue #13: on real continuous speech with pauses, Omnia hears as well as its engine's own decoder
/// (Debian's <c>pocketsphinx_continuous</c>, which cuts utterances at its own voice-activity pauses).</summary>
/// <remarks>Omnia gets the 48 kHz upload decoded and resampled by its own <see cref="AudioCodec"/>, as
/// <c>/v1/audio/transcriptions</c> and chat audio parts do; the realtime path is the streaming call fed 20 ms at a time.</remarks>
[Collection(PocketsphinxCollection.Name)]
public class ContinuousSpeechRecognitionTests(PocketsphinxFixture fixture, AlsaRecordings recordings, ITestOutputHelper output)
    : IClassFixture<AlsaRecordings>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Joined_human_recordings_are_transcribed_no_worse_than_pocketsphinx_continuous(int rounds)
    {
        var clip = recordings.Clips[rounds];
        var omnia = (await fixture.Client.GetTextAsync(Pcm(await DecodeAsync(clip)), Options(PocketsphinxMode.Accurate))).Text;
        AssertNoWorseThanContinuous(clip, omnia);
    }

    [Fact]
    public async Task Joined_human_recordings_streamed_live_are_recognised_no_worse_than_pocketsphinx_continuous()
    {
        var clip = recordings.Clips[1];
        var samples = await DecodeAsync(clip);
        var pipe = new Pipe();
        var recognition = Task.Run(async () =>
        {
            var segments = new List<string>();
            await foreach (var update in fixture.Client.GetStreamingTextAsync(pipe.Reader.AsStream(), Options(PocketsphinxMode.Accurate)))
            {
                if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated) segments.Add(update.Text);
            }
            return string.Join(' ', segments);
        });
        // 20 ms a write, as realtime's live transcriber receives the microphone.
        for (var i = 0; i < samples.Length; i += 320)
        {
            await pipe.Writer.WriteAsync(MemoryMarshal.AsBytes(samples.AsSpan(i, Math.Min(320, samples.Length - i))).ToArray());
        }
        await pipe.Writer.CompleteAsync();
        AssertNoWorseThanContinuous(clip, await recognition);
    }

    private void AssertNoWorseThanContinuous(AlsaRecordings.Clip clip, string omnia)
    {
        var debian = ContinuousDecoder.Transcribe(clip.Resampled16kWav);
        var omniaWer = WordErrorRate.Of(clip.Words, omnia);
        var debianWer = WordErrorRate.Of(clip.Words, debian);
        output.WriteLine($"reference:                     {string.Join(' ', clip.Words)}");
        output.WriteLine($"Omnia                   {omniaWer,6:P1}: {omnia}");
        output.WriteLine($"pocketsphinx_continuous {debianWer,6:P1}: {debian}");
        Assert.True(omniaWer <= debianWer, $"Omnia's WER {omniaWer:P1} is worse than pocketsphinx_continuous's {debianWer:P1}.");
    }

    private static async Task<short[]> DecodeAsync(AlsaRecordings.Clip clip)
    {
        await using var upload = File.OpenRead(clip.OriginalWav);
        var audio = await new AudioCodec().DecodeAsync(upload, PocketsphinxSpeechToTextClient.SampleRate);
        var samples = new short[audio.Samples.Length];
        PcmConverter.FloatToPcm16(audio.Samples.Span, samples);
        return samples;
    }
}
