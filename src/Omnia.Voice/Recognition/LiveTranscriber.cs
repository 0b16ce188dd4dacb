using System.IO.Pipelines;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Speech;

namespace Omnia.Voice.Recognition;

/// <summary>
/// Recognition while the user speaks: audio is written into a pipe that the speech-to-text engine reads as a live
/// stream, so when the turn ends only the engine's final pass is left. One instance per utterance.
/// </summary>
public sealed class LiveTranscriber : IAsyncDisposable
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0));
    private readonly CancellationTokenSource _abort = new();
    private readonly Task<string> _recognition;
    private volatile string _partial = "";
    private long _heardUntilTicks = long.MaxValue;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Action? _heard;

    /// <param name="heard">Told (from the recognition's task) after each update the engine gives: the words or how far they reach changed.</param>
    public LiveTranscriber(ISpeechToTextClient engine, SpeechToTextOptions? options = null, Action? heard = null)
    {
        _heard = heard;
        options ??= new SpeechToTextOptions();
        options.SpeechSampleRate = SpeechProperties.InputSampleRate;
        _recognition = Task.Run(() => RecognizeAsync(engine, options), CancellationToken.None);
    }

    /// <summary>The engine's hypothesis so far (it may still change).</summary>
    public string Partial => _partial;

    /// <summary>
    /// How much of the utterance's audio <see cref="Partial"/> is a hypothesis of (the engine's last update's end
    /// time): a recogniser decodes behind the audio, and a word is written only once it has heard the word end.
    /// <see cref="TimeSpan.MaxValue"/> while the engine says nothing of it (it is then taken to be up to date).
    /// </summary>
    public TimeSpan HeardUntil => TimeSpan.FromTicks(Interlocked.Read(ref _heardUntilTicks));

    /// <summary>
    /// Waits until the engine has decoded the utterance's audio up to <paramref name="position"/> (or the whole of
    /// what it was given, or has stopped): returns at once for an engine that does not say how far it has heard.
    /// </summary>
    public async Task WaitUntilHeardAsync(TimeSpan position, CancellationToken cancellationToken)
    {
        while (HeardUntil < position && !_recognition.IsCompleted)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (HeardUntil >= position) return;
            await Task.WhenAny(progress, _recognition).WaitAsync(cancellationToken);
        }
    }

    /// <summary>Adds 16 kHz mono samples. The pipe never pauses the writer: an utterance is bounded by the turn detector.</summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<float> samples)
    {
        if (samples.IsEmpty) return;
        var bytes = _pipe.Writer.GetMemory(samples.Length * 2)[..(samples.Length * 2)];
        PcmConverter.FloatToPcm16Bytes(samples.Span, bytes.Span);
        _pipe.Writer.Advance(bytes.Length);
        await _pipe.Writer.FlushAsync();
    }

    /// <summary>Ends the utterance and waits for the final transcript.</summary>
    public async Task<string> CompleteAsync(CancellationToken cancellationToken = default)
    {
        await _pipe.Writer.CompleteAsync();
        return await _recognition.WaitAsync(cancellationToken);
    }

    private async Task<string> RecognizeAsync(ISpeechToTextClient engine, SpeechToTextOptions options)
    {
        var segments = new List<string>();
        await using var audio = _pipe.Reader.AsStream();
        await foreach (var update in engine.GetStreamingTextAsync(audio, options, _abort.Token))
        {
            if (update.EndTime is { } end) Interlocked.Exchange(ref _heardUntilTicks, end.Ticks);
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
            {
                if (update.Text.Trim().Length > 0) segments.Add(update.Text.Trim());
                _partial = string.Join(' ', segments);
            }
            else if (update.AdditionalProperties?.TryGetValue(SpeechProperties.PartialText, out var partial) == true && partial is string p)
            {
                _partial = string.Join(' ', segments.Append(p.Trim()).Where(s => s.Length > 0));
            }
            Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            _heard?.Invoke();
        }
        return string.Join(' ', segments);
    }

    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync();
        await _pipe.Writer.CompleteAsync();
        try
        {
            await _recognition;
        }
        catch (OperationCanceledException)
        {
        }
        _abort.Dispose();
    }
}
