using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Speech;

namespace Omnia.Voice.Tests.Recognition;

/// <summary>
/// A recognizer fake that hears nothing: its "transcript" is the length of the audio it was given ("300 ms"), and
/// like Whisper it gives only a final text — unless <see cref="OwnPartial"/> is set, which it streams first.
/// <see cref="HoldPartials"/> keeps a partial recognition waiting until the test releases it.
/// </summary>
internal sealed class FinalOnlyRecognizerFake : ISpeechToTextClient
{
    private int _partialCalls;

    public TaskCompletionSource? HoldPartials { get; set; }

    public TaskCompletionSource PartialStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? OwnPartial { get; set; }

    public Exception? FinalFailure { get; set; }

    public int PartialCalls => Volatile.Read(ref _partialCalls);

    /// <summary>The first 16-bit sample of the audio each partial recognition was given.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<short> PartialFirstSamples { get; } = new();

    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _partialCalls);
        PartialStarted.TrySetResult();
        var copy = new MemoryStream();
        await audioSpeechStream.CopyToAsync(copy, cancellationToken);
        if (copy.Length >= 2) PartialFirstSamples.Enqueue(BitConverter.ToInt16(copy.GetBuffer(), 0));
        var length = $"{copy.Length / 32} ms";
        if (HoldPartials is { } hold) await hold.Task.WaitAsync(cancellationToken);
        return new SpeechToTextResponse(length);
    }

    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream,
        SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (OwnPartial is { } partial)
        {
            yield return new SpeechToTextResponseUpdate
            {
                Kind = SpeechToTextResponseUpdateKind.TextUpdating,
                AdditionalProperties = new() { [SpeechProperties.PartialText] = partial },
            };
        }
        var length = await LengthAsync(audioSpeechStream, cancellationToken);
        if (FinalFailure is { } failure) throw failure;
        yield return new SpeechToTextResponseUpdate($"final {length}") { Kind = SpeechToTextResponseUpdateKind.TextUpdated };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static async Task<string> LengthAsync(Stream audio, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        await audio.CopyToAsync(copy, cancellationToken);
        return $"{copy.Length / 32} ms";
    }
}
