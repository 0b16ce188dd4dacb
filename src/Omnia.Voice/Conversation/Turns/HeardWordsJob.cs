namespace Omnia.Voice.Conversation;

/// <summary>
/// Runs one job at a time on the user's words heard so far (a prefill, an end-of-turn model): a newer hypothesis
/// waits for the running job, replacing any older one still waiting; the same words are not run twice in a row. A
/// run may leave the probability that its words are a finished turn, kept for exactly those words. Best effort: a
/// failed run is reported to <c>failed</c> and the next goes on.
/// </summary>
/// <remarks>
/// Called from the conversation's loop; the running job starts the waiting one from its own task, and tells
/// <c>scored</c> (from that task) when it has left a probability, so a decision waiting for it is made then.
/// </remarks>
internal sealed class HeardWordsJob<TInput>(Func<TInput, CancellationToken, Task<double?>> run, Action<Exception> failed, Action? scored = null) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private (string Heard, TInput Input)? _waiting;
    private (string Heard, double Probability)? _scored;
    private Task _running = Task.CompletedTask;
    private CancellationTokenSource? _cancel;
    private string? _lastHeard;
    private bool _busy;
    private bool _closed;

    /// <summary>How many runs have been started.</summary>
    public int Started { get; private set; }

    /// <summary>Runs the job for <paramref name="heard"/> unless those were the last words; <paramref name="input"/> builds its input only then.</summary>
    public void Update(string heard, Func<TInput> input)
    {
        lock (_gate)
        {
            if (_closed || heard == _lastHeard) return;
            _lastHeard = heard;
            if (_busy)
            {
                _waiting = (heard, input());
                return;
            }
            StartLocked(heard, input());
        }
    }

    /// <summary>The probability that <paramref name="heard"/> is a finished turn, once a run on exactly those words has left one.</summary>
    public double? ProbabilityFor(string heard)
    {
        lock (_gate) return _scored is { } scored && scored.Heard == heard ? scored.Probability : null;
    }

    /// <summary>A new utterance begins: as <see cref="Cancel"/>, and what the last one's words scored is forgotten.</summary>
    public void BeginUtterance()
    {
        lock (_gate) _scored = null;
        Cancel();
    }

    /// <summary>The running job stops, the waiting one is dropped, and the same words may be run again.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _waiting = null;
            _lastHeard = null;
            _cancel?.Cancel();
        }
    }

    private void StartLocked(string heard, TInput input)
    {
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _busy = true;
        Started++;
        _running = RunAsync(heard, input, _cancel.Token);
    }

    private async Task RunAsync(string heard, TInput input, CancellationToken cancellationToken)
    {
        try
        {
            if (await run(input, cancellationToken) is { } probability)
            {
                lock (_gate) _scored = (heard, probability);
                scored?.Invoke();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The words changed or the turn ended: nobody waits for this run any more.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failed(e);
        }
        lock (_gate)
        {
            _busy = false;
            if (_waiting is not { } next || _closed) return;
            _waiting = null;
            StartLocked(next.Heard, next.Input);
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
}
