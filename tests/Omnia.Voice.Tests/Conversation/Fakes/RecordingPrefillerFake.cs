using Microsoft.Extensions.AI;
using Omnia.Chat;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// A prompt prefiller fake that records each prefill and holds it open until the test releases it
/// (<see cref="Release"/>), or completes at once when <see cref="Immediate"/>; each prefill reads the end-of-turn
/// probability <see cref="Score"/> gives the user's words.
/// </summary>
internal sealed class RecordingPrefillerFake : IPromptPrefiller
{
    private readonly Lock _gate = new();
    private readonly List<(TaskCompletionSource<PrefilledPrompt> Done, string Heard)> _open = [];
    private readonly List<CancellationToken> _openTokens = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _watchers = [];

    public bool Immediate { get; init; }

    /// <summary>The end-of-turn probability a prefill of these words reads (none by default).</summary>
    public Func<string, double?> Score { get; init; } = _ => null;
    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];
    public int Cancelled { get; private set; }

    /// <summary>The user's words of each prefill, in order.</summary>
    public IReadOnlyList<string> Heard
    {
        get
        {
            lock (_gate) return Calls.Select(c => c.Messages[^1].Text).ToList();
        }
    }

    public async Task<PrefilledPrompt> PrefillAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<PrefilledPrompt>(TaskCreationOptions.RunContinuationsAsynchronously);
        var list = messages.ToList();
        lock (_gate)
        {
            Calls.Add((list, options));
            foreach (var watcher in _watchers.Where(w => Calls.Count >= w.Count)) watcher.Reached.TrySetResult();
            if (Immediate) return new PrefilledPrompt(0, Score(list[^1].Text));
            _open.Add((done, list[^1].Text));
            _openTokens.Add(cancellationToken);
        }
        try
        {
            return await done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_gate) Cancelled++;
            throw;
        }
    }

    /// <summary>Completes once <paramref name="count"/> prefills have been asked for.</summary>
    public Task WhenCalled(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (Calls.Count >= count) return Task.CompletedTask;
            _watchers.Add((count, reached));
        }
        return reached.Task;
    }

    /// <summary>Whether a prefill is open and not cancelled: it would hold the conversation's cache slot.</summary>
    public bool Running
    {
        get
        {
            lock (_gate) return _openTokens.Any(t => !t.IsCancellationRequested);
        }
    }

    /// <summary>Completes the oldest prefill still open.</summary>
    public void Release()
    {
        (TaskCompletionSource<PrefilledPrompt> Done, string Heard) first;
        lock (_gate)
        {
            first = _open[0];
            _open.RemoveAt(0);
            _openTokens.RemoveAt(0);
        }
        first.Done.SetResult(new PrefilledPrompt(0, Score(first.Heard)));
    }
}
