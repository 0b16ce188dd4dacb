using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Omnia.Speech;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// A speech recognizer fake: it hears nothing itself. The test says what the live hypothesis is
/// (<see cref="HearAsync"/>, which returns once the transcriber has taken it), and the final transcript is
/// <see cref="Final"/> when the utterance's audio ends — or <see cref="Failure"/> is thrown then.
/// </summary>
internal sealed class ScriptedRecognizerFake : ISpeechToTextClient
{
    private readonly Channel<(string Text, TimeSpan? HeardUntil, TaskCompletionSource Taken)> _partials =
        Channel.CreateUnbounded<(string, TimeSpan?, TaskCompletionSource)>();

    public string Final { get; set; } = "";
    public Exception? Failure { get; set; }

    /// <summary>Utterances recognized so far (one stream each).</summary>
    public int Streams { get; private set; }

    /// <summary>
    /// Makes <paramref name="partial"/> the current utterance's hypothesis, of its audio up to <paramref name="heardUntil"/>
    /// (unsaid by default, as an engine that does not tell); completes when the transcriber holds it.
    /// </summary>
    public Task HearAsync(string partial, TimeSpan? heardUntil = null)
    {
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _partials.Writer.TryWrite((partial, heardUntil, taken));
        return taken.Task;
    }

    public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Streams++;
        var ended = audioSpeechStream.CopyToAsync(Stream.Null, cancellationToken);
        while (true)
        {
            var next = _partials.Reader.WaitToReadAsync(cancellationToken).AsTask();
            await Task.WhenAny(next, ended);
            if (!_partials.Reader.TryRead(out var partial))
            {
                if (ended.IsCompleted) break;
                continue;
            }
            yield return new SpeechToTextResponseUpdate
            {
                Kind = SpeechToTextResponseUpdateKind.TextUpdating,
                EndTime = partial.HeardUntil,
                AdditionalProperties = new() { [SpeechProperties.PartialText] = partial.Text },
            };
            // Resumed when the transcriber asks for more: it has taken the hypothesis.
            partial.Taken.SetResult();
        }
        await ended;
        if (Failure is { } failure) throw failure;
        yield return new SpeechToTextResponseUpdate(Final) { Kind = SpeechToTextResponseUpdateKind.TextUpdated };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
