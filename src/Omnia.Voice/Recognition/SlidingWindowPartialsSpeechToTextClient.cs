using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Omnia.Speech;

namespace Omnia.Voice.Recognition;

/// <summary>Gives live partial transcripts to a recognizer that has none (Whisper gives only its final text): the
/// last <see cref="Window"/> of the audio heard so far is recognised again after every <see cref="Interval"/> of new
/// audio, and its text streamed as a <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/> update carrying
/// <see cref="SpeechProperties.PartialText"/>.</summary>
/// <remarks>
/// <para>
/// The final transcript is still the inner recognizer's streaming call over the whole audio, unchanged. Partials
/// are counted on the audio's own timeline, not a clock, so audio that arrives in real time gets one per interval
/// and a burst gets no more than one recognition at a time: while one runs, new audio waits for the next. A
/// partial that finishes after the final transcript began is dropped. When the inner recognizer streams partials
/// of its own, this adds none. Input is 16-bit mono PCM at <see cref="SpeechToTextOptions.SpeechSampleRate"/>
/// (16 kHz when unset); the window held is bounded by <see cref="Window"/>.
/// </para>
/// <para>Thread-safe as its inner recognizer is: each call has its own window and tasks.</para>
/// </remarks>
public sealed class SlidingWindowPartialsSpeechToTextClient : DelegatingSpeechToTextClient
{
    /// <param name="innerClient">The recognizer giving final transcripts only.</param>
    /// <param name="interval">How much new audio starts the next partial recognition. Default 500 ms.</param>
    /// <param name="window">How much of the latest audio a partial recognises. Default 30 s (all of a usual turn).</param>
    public SlidingWindowPartialsSpeechToTextClient(ISpeechToTextClient innerClient, TimeSpan? interval = null, TimeSpan? window = null)
        : base(innerClient)
    {
        Interval = interval ?? TimeSpan.FromMilliseconds(500);
        Window = window ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.FromMilliseconds(10), nameof(interval));
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, Interval, nameof(window));
    }

    /// <summary>How much new audio starts the next partial recognition.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How much of the latest audio a partial recognises.</summary>
    public TimeSpan Window { get; }

    /// <inheritdoc />
    public override async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream,
        SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = new Call(InnerClient, options, BytesOf(Interval, options), BytesOf(Window, options), stop.Token);
        var work = call.RunAsync(audioSpeechStream);
        try
        {
            await foreach (var update in call.Updates.ReadAllAsync(cancellationToken))
            {
                yield return update;
            }
            await work;
        }
        finally
        {
            await stop.CancelAsync();
            await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static int BytesOf(TimeSpan span, SpeechToTextOptions? options) =>
        (int)(span.TotalSeconds * (options?.SpeechSampleRate ?? SpeechProperties.InputSampleRate)) * 2;

    /// <summary>One streaming call: the audio teed to the final recognition and to the window of partials.</summary>
    private sealed class Call(ISpeechToTextClient inner, SpeechToTextOptions? options, int intervalBytes, int windowBytes, CancellationToken stop)
    {
        private readonly Channel<SpeechToTextResponseUpdate> _updates = Channel.CreateUnbounded<SpeechToTextResponseUpdate>();
        private readonly Pipe _toFinal = new(new PipeOptions(pauseWriterThreshold: 0));
        private readonly byte[] _window = new byte[windowBytes];
        private int _windowCount;
        private long _totalBytes;
        private int _sinceLastPartial;
        // Orders the partials before the final text: none is written once the final began or the inner has its own.
        private readonly Lock _gate = new();
        private Task _partial = Task.CompletedTask;
        private bool _finalStarted;
        private bool _innerGivesPartials;

        public ChannelReader<SpeechToTextResponseUpdate> Updates => _updates.Reader;

        public async Task RunAsync(Stream input)
        {
            try
            {
                var final = RecognizeFinalAsync();
                await ReadAsync(input);
                await final;
                _updates.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _updates.Writer.TryComplete(e);
                throw;
            }
            finally
            {
                await _partial.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        // Copies the input to the final recognition and into the window, starting a partial after each interval.
        private async Task ReadAsync(Stream input)
        {
            var buffer = new byte[8192];
            int read;
            while ((read = await input.ReadAsync(buffer, stop)) > 0)
            {
                if ((await _toFinal.Writer.WriteAsync(buffer.AsMemory(0, read), stop)).IsCompleted)
                {
                    // The final recognition stopped reading (it failed or is done): so does this.
                    break;
                }
                Remember(buffer.AsSpan(0, read));
                _sinceLastPartial += read;
                if (_sinceLastPartial >= intervalBytes && _partial.IsCompleted && !Volatile.Read(ref _innerGivesPartials))
                {
                    _sinceLastPartial = 0;
                    _partial = RecognizePartialAsync(WholeSamples());
                }
            }
            lock (_gate)
            {
                _finalStarted = true;
            }
            await _toFinal.Writer.CompleteAsync();
        }

        // The window's bytes from its first whole sample to its last: a read may end in the middle of a sample.
        private byte[] WholeSamples()
        {
            var start = (int)((_totalBytes - _windowCount) & 1);
            var end = _windowCount - (int)(_totalBytes & 1);
            return _window.AsSpan(start, Math.Max(0, end - start)).ToArray();
        }

        private void Remember(ReadOnlySpan<byte> bytes)
        {
            _totalBytes += bytes.Length;
            if (bytes.Length >= _window.Length)
            {
                bytes[^_window.Length..].CopyTo(_window);
                _windowCount = _window.Length;
                return;
            }
            var overflow = Math.Max(0, _windowCount + bytes.Length - _window.Length);
            _window.AsSpan(overflow, _windowCount - overflow).CopyTo(_window);
            _windowCount -= overflow;
            bytes.CopyTo(_window.AsSpan(_windowCount));
            _windowCount += bytes.Length;
        }

        // A failed partial is skipped (the next interval tries again); the final recognition reports failures.
        private async Task RecognizePartialAsync(byte[] pcm)
        {
            // Off the reading loop: the input keeps flowing while the partial is recognised.
            await Task.Yield();
            var response = await inner.GetTextAsync(new MemoryStream(pcm, writable: false), options, stop);
            lock (_gate)
            {
                if (!_finalStarted && !_innerGivesPartials)
                {
                    _updates.Writer.TryWrite(new SpeechToTextResponseUpdate
                    {
                        Kind = SpeechToTextResponseUpdateKind.TextUpdating,
                        ModelId = response.ModelId,
                        AdditionalProperties = new() { [SpeechProperties.PartialText] = response.Text.Trim() },
                    });
                }
            }
        }

        private async Task RecognizeFinalAsync()
        {
            await Task.Yield();
            await using var audio = _toFinal.Reader.AsStream();
            await foreach (var update in inner.GetStreamingTextAsync(audio, options, stop))
            {
                lock (_gate)
                {
                    if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
                    {
                        _finalStarted = true;
                    }
                    else if (update.AdditionalProperties?.ContainsKey(SpeechProperties.PartialText) == true)
                    {
                        Volatile.Write(ref _innerGivesPartials, true);
                    }
                    _updates.Writer.TryWrite(update);
                }
            }
        }
    }
}
