using System.IO.Pipelines;
using Microsoft.Extensions.AI;
using Omnia.Speech;
using Omnia.Voice.Recognition;

namespace Omnia.Voice.Tests.Recognition;

/// <summary>Issue #13: a final-only recognizer (Whisper) gets live partials from its own re-recognition of a sliding window.</summary>
public class SlidingWindowPartialsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly FinalOnlyRecognizerFake recognizer = new();
    private readonly Pipe input = new();

    [Fact]
    public async Task A_partial_follows_each_interval_of_audio_and_the_final_text_comes_last()
    {
        await using var updates = Recognize(window: TimeSpan.FromSeconds(1));

        Assert.Equal("100 ms", await NextPartialAsync(updates, milliseconds: 100));
        Assert.Equal("200 ms", await NextPartialAsync(updates, milliseconds: 100));
        await input.Writer.CompleteAsync();
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdated, updates.Current.Kind);
        Assert.Equal("final 200 ms", updates.Current.Text);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task A_partial_recognises_only_the_latest_window_of_audio()
    {
        await using var updates = Recognize(window: TimeSpan.FromMilliseconds(300));

        string partial = "";
        for (var i = 0; i < 5; i++) partial = await NextPartialAsync(updates, milliseconds: 100);

        Assert.Equal("300 ms", partial);
    }

    [Fact]
    public async Task A_window_cut_after_half_a_sample_starts_on_a_whole_sample()
    {
        await using var updates = Recognize(window: Interval);
        var next = updates.MoveNextAsync();

        // 100 ms of the sample 0x0102 (bytes 02 01) and the first byte of one more: a window of the last 3200
        // bytes would begin with the second byte of a sample.
        var bytes = Enumerable.Range(0, 3201).Select(i => (byte)(i % 2 == 0 ? 0x02 : 0x01)).ToArray();
        await input.Writer.WriteAsync(bytes);

        Assert.True(await next);
        Assert.Equal([(short)0x0102], recognizer.PartialFirstSamples.ToArray());
    }

    [Fact]
    public async Task Audio_arriving_during_a_partial_recognition_starts_none_and_a_late_partial_is_dropped()
    {
        recognizer.HoldPartials = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var updates = Recognize(window: TimeSpan.FromSeconds(1));
        var next = updates.MoveNextAsync();

        await WriteAsync(100);
        await recognizer.PartialStarted.Task;
        await WriteAsync(300);
        await input.Writer.CompleteAsync();

        Assert.True(await next);
        Assert.Equal("final 400 ms", updates.Current.Text);
        recognizer.HoldPartials.SetResult();
        Assert.False(await updates.MoveNextAsync());
        Assert.Equal(1, recognizer.PartialCalls);
    }

    [Fact]
    public async Task A_recognizer_with_partials_of_its_own_gets_none_added()
    {
        recognizer.OwnPartial = "its own";
        await using var updates = Recognize(window: TimeSpan.FromSeconds(1));

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("its own", updates.Current.AdditionalProperties?[SpeechProperties.PartialText]);
        await WriteAsync(500);
        await input.Writer.CompleteAsync();
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("final 500 ms", updates.Current.Text);
        Assert.False(await updates.MoveNextAsync());
        Assert.Equal(0, recognizer.PartialCalls);
    }

    [Fact]
    public async Task A_failure_of_the_final_recognition_reaches_the_caller()
    {
        recognizer.FinalFailure = new InvalidOperationException("engine failed");
        await using var updates = Recognize(window: TimeSpan.FromSeconds(1));
        var next = updates.MoveNextAsync();

        await input.Writer.CompleteAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await next);
        Assert.Equal("engine failed", failure.Message);
    }

    private IAsyncEnumerator<SpeechToTextResponseUpdate> Recognize(TimeSpan window) =>
        new SlidingWindowPartialsSpeechToTextClient(recognizer, Interval, window)
            .GetStreamingTextAsync(input.Reader.AsStream())
            .GetAsyncEnumerator();

    private async Task<string> NextPartialAsync(IAsyncEnumerator<SpeechToTextResponseUpdate> updates, int milliseconds)
    {
        var next = updates.MoveNextAsync();
        await WriteAsync(milliseconds);
        Assert.True(await next);
        Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdating, updates.Current.Kind);
        return (string)updates.Current.AdditionalProperties![SpeechProperties.PartialText]!;
    }

    // 16 kHz 16-bit mono: 32 bytes a millisecond.
    private async Task WriteAsync(int milliseconds) => await input.Writer.WriteAsync(new byte[milliseconds * 32]);
}
