using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Chat;

namespace Omnia.Voice.Conversation;

/// <summary>
/// Puts what the user has said so far into the chat engine's cache while they are still speaking, so the answer at
/// the turn decision only reads the last few tokens. At most one prefill runs at a time: a newer hypothesis waits
/// for it, replacing any older one still waiting; the same hypothesis is not prefilled twice. Best effort, as the
/// engine's prefill is: a failed or cancelled prefill only costs the time it would have saved. Each finished prefill
/// leaves the model's probability that the words it read are a finished turn, for semantic turn detection.
/// </summary>
/// <remarks>Called from the conversation's loop; the running prefill starts the waiting one from its own task.</remarks>
public sealed partial class TranscriptPrefill(IPromptPrefiller prefiller, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private (string Heard, IReadOnlyList<ChatMessage> Messages, ChatOptions Options)? _waiting;
    private (string Heard, double Probability)? _scored;
    private Task _running = Task.CompletedTask;
    private CancellationTokenSource? _cancel;
    private string? _lastHeard;
    private bool _busy;
    private bool _closed;

    /// <summary>How many prefills have been started (for the conversation's tests and metrics).</summary>
    public int Started { get; private set; }

    /// <summary>
    /// Prefills the prompt for <paramref name="heard"/>, the user's words so far, unless it is what was prefilled
    /// last; <paramref name="prompt"/> builds it only then.
    /// </summary>
    public void Update(string heard, Func<(IReadOnlyList<ChatMessage> Messages, ChatOptions Options)> prompt)
    {
        lock (_gate)
        {
            if (_closed || heard == _lastHeard) return;
            _lastHeard = heard;
            var (messages, options) = prompt();
            if (_busy)
            {
                _waiting = (heard, messages, options);
                return;
            }
            StartLocked(heard, messages, options);
        }
    }

    /// <summary>The model's probability that <paramref name="heard"/> is a finished turn, if a prefill of exactly those words has read it.</summary>
    public double? EndOfTurnProbability(string heard)
    {
        lock (_gate) return _scored is { } scored && scored.Heard == heard ? scored.Probability : null;
    }

    /// <summary>A new utterance begins: as <see cref="Cancel"/>, and what the last one's words scored is forgotten.</summary>
    public void BeginUtterance()
    {
        lock (_gate) _scored = null;
        Cancel();
    }

    /// <summary>The turn ended or was interrupted: the running prefill stops and the waiting one is dropped.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _waiting = null;
            _lastHeard = null;
            _cancel?.Cancel();
        }
    }

    private void StartLocked(string heard, IReadOnlyList<ChatMessage> messages, ChatOptions options)
    {
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _busy = true;
        Started++;
        _running = RunAsync(heard, messages, options, _cancel.Token);
    }

    private async Task RunAsync(string heard, IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var prefilled = await prefiller.PrefillAsync(messages, options, cancellationToken);
            if (prefilled.EndOfTurnProbability is { } probability)
                lock (_gate) _scored = (heard, probability);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The turn ended or the user went on: the answer reads what is left itself.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort: the answer reads the prompt itself, and reports any failure of its own to the client.
            PrefillFailed(logger, e);
        }
        lock (_gate)
        {
            _busy = false;
            if (_waiting is not { } next || _closed) return;
            _waiting = null;
            StartLocked(next.Heard, next.Messages, next.Options);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            _closed = true;
            _waiting = null;
            _cancel?.Cancel();
            running = _running;
        }
        await running;
        _cancel?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prefilling the live transcript failed; the answer will read the whole prompt")]
    private static partial void PrefillFailed(ILogger logger, Exception error);
}
