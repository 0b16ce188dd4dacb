using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Omnia.Audio;

namespace Omnia.Voice.Synthesis;

/// <summary>
/// Speaks text while it is still being written: text deltas go out at once, each finished clause is synthesized on a
/// second task while the model keeps generating, and its audio follows as soon as it exists. Cancelling stops both.
/// </summary>
public sealed class StreamingSpeaker(ITextToSpeechClient voice, TextToSpeechOptions options, int outputSampleRate = 24000)
{
    /// <summary>Clauses waiting for synthesis; the text side waits when synthesis falls this far behind.</summary>
    private const int MaxPendingClauses = 32;

    /// <param name="speakNow">
    /// Completes when the listener is waiting or about to (a speculative answer's turn is being decided): if nothing
    /// has been spoken yet, the words complete so far are spoken at once instead of waiting for the first piece's end,
    /// or, with none complete yet, the first word is as soon as it is.
    /// </param>
    /// <param name="listenerWaiting">
    /// Completes when the listener is waiting (after <paramref name="speakNow"/>): if still nothing has been spoken, the
    /// text so far is, a word still being written included.
    /// </param>
    public async IAsyncEnumerable<SpokenPiece> SpeakAsync(
        IAsyncEnumerable<string> text, Task? speakNow = null, Task? listenerWaiting = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = Channel.CreateUnbounded<SpokenPiece>(new() { SingleReader = true });
        var clauses = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxPendingClauses) { SingleReader = true });
        var splitter = new ClauseSplitter();
        // The splitter is shared with the cut at speakNow; a piece it returns is only ever the first one spoken, so
        // the order of pieces holds (nothing else is cut before speech has started).
        var gate = new Lock();

        var cutting = speakNow is null ? Task.CompletedTask : CutWhenAskedAsync(speakNow, listenerWaiting);
        async Task CutWhenAskedAsync(Task asked, Task? waiting)
        {
            await asked.WaitAsync(stop.Token);
            // Written under the lock too: a piece the text side cuts after this one is written after it.
            lock (gate)
            {
                if (splitter.CutReadyWords() is { } ready)
                {
                    clauses.Writer.TryWrite(ready);
                    return;
                }
            }
            if (waiting is null) return;
            await waiting.WaitAsync(stop.Token);
            lock (gate)
                if (splitter.CutPending() is { } pending) clauses.Writer.TryWrite(pending);
        }

        var writing = Task.Run(async () =>
        {
            try
            {
                await foreach (var delta in text.WithCancellation(stop.Token))
                {
                    if (delta.Length == 0) continue;
                    await output.Writer.WriteAsync(new SpokenText(delta), stop.Token);
                    IReadOnlyList<string> pieces;
                    lock (gate) pieces = splitter.Push(delta);
                    foreach (var clause in pieces) await clauses.Writer.WriteAsync(clause, stop.Token);
                }
                string? rest;
                lock (gate) rest = splitter.Flush();
                if (rest is not null) await clauses.Writer.WriteAsync(rest, stop.Token);
                clauses.Writer.TryComplete();
            }
            catch (Exception e)
            {
                clauses.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        var speaking = Task.Run(async () =>
        {
            try
            {
                await foreach (var clause in clauses.Reader.ReadAllAsync(stop.Token))
                    await foreach (var audio in SynthesizeAsync(clause, stop.Token))
                        await output.Writer.WriteAsync(new SpokenAudio(clause, audio), stop.Token);
                output.Writer.TryComplete();
            }
            catch (Exception e)
            {
                output.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var piece in output.Reader.ReadAllAsync(cancellationToken))
                yield return piece;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writing, speaking);
            // Cancelled with stop when speakNow never came: nothing of it is left running.
            await cutting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One clause through the voice, resampled to the output rate.</summary>
    public async IAsyncEnumerable<PcmAudio> SynthesizeAsync(string clause, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in voice.GetStreamingAudioAsync(clause, options, cancellationToken))
        {
            foreach (var data in update.Contents.OfType<DataContent>())
            {
                if (!PcmMediaType.TryParse(data.MediaType, out var rate, out var channels))
                    throw new InvalidOperationException($"The speech engine returned '{data.MediaType}', not audio/pcm.");
                var samples = new float[data.Data.Length / 2];
                PcmConverter.Pcm16BytesToFloat(data.Data.Span[..(samples.Length * 2)], samples);
                var audio = new PcmAudio(samples, rate, channels).ToMono();
                yield return audio.SampleRate == outputSampleRate ? audio : audio.Resample(outputSampleRate);
            }
        }
    }
}
