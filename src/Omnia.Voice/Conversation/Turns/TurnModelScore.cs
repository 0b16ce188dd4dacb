using Microsoft.Extensions.Logging;
using Omnia.Turns;

namespace Omnia.Voice.Conversation;

/// <summary>
/// Asks an end-of-turn model (Smart Turn on the audio, the n-gram LM on the words) whether the user is done, while
/// they pause. One question at a time: a newer one waits for it, replacing any older one still waiting; the answer is
/// kept for the words it was asked about, so a decision reads it only for exactly those words. A failed score is
/// logged and the word rule decides instead.
/// </summary>
/// <remarks>Called from the conversation's loop; the running score starts the waiting one from its own task.</remarks>
internal sealed partial class TurnModelScore(IEndOfTurnModel model, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private EndOfTurnInput? _waiting;
    private (string Heard, double Probability)? _scored;
    private string? _lastAsked;
    private Task _running = Task.CompletedTask;
    private bool _busy;

    /// <summary>Scores <paramref name="input"/> unless its words were the last asked about.</summary>
    public void Update(EndOfTurnInput input)
    {
        lock (_gate)
        {
            if (_closing.IsCancellationRequested || input.Transcript == _lastAsked) return;
            _lastAsked = input.Transcript;
            if (_busy)
            {
                _waiting = input;
                return;
            }
            _busy = true;
            _running = RunAsync(input);
        }
    }

    /// <summary>The model's probability that <paramref name="heard"/> is a finished turn, once it has answered for exactly those words.</summary>
    public double? ProbabilityFor(string heard)
    {
        lock (_gate) return _scored is { } scored && scored.Heard == heard ? scored.Probability : null;
    }

    /// <summary>A new utterance: what the last one scored is forgotten.</summary>
    public void BeginUtterance()
    {
        lock (_gate)
        {
            _scored = null;
            _lastAsked = null;
            _waiting = null;
        }
    }

    private async Task RunAsync(EndOfTurnInput input)
    {
        while (true)
        {
            try
            {
                var probability = await model.ScoreAsync(input, _closing.Token);
                lock (_gate) _scored = (input.Transcript, probability);
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ScoreFailed(logger, e);
            }
            lock (_gate)
            {
                if (_waiting is not { } next || _closing.IsCancellationRequested)
                {
                    _busy = false;
                    return;
                }
                _waiting = null;
                input = next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            _closing.Cancel();
            running = _running;
        }
        await running;
        _closing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The end-of-turn model failed; the word rule decides this pause")]
    private static partial void ScoreFailed(ILogger logger, Exception error);
}
