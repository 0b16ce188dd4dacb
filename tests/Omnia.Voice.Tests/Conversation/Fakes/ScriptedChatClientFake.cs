using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Chat;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// A chat model fake that answers from a script: each request takes the next <see cref="ScriptedAnswer"/> (or "ok"),
/// whose steps wait on the fake clock and then give text, a function call, usage, or a failure. The first wait is
/// announced through <see cref="Waiting"/>, so a test advances the clock only once the answer waits on it.
/// </summary>
internal sealed class ScriptedChatClientFake(TimeProvider time) : IChatClient
{
    private readonly Lock _gate = new();
    private readonly Queue<ScriptedAnswer> _answers = [];
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<IReadOnlyList<ChatMessage>> Prompts { get; } = [];
    public List<ChatOptions?> Options { get; } = [];

    /// <summary>The engine's prefill, when the test gives it one.</summary>
    public RecordingPrefillerFake? Prefiller { get; init; }

    /// <summary>For each request, whether a prefill was still running when it was asked (it would hold the cache slot).</summary>
    public List<bool> PrefillRunningAtRequest { get; } = [];

    /// <summary>Completes when a step first waits on the clock.</summary>
    public Task Waiting => _waiting.Task;

    public void Script(params ScriptedAnswer[] answers)
    {
        lock (_gate)
            foreach (var answer in answers) _answers.Enqueue(answer);
    }

    public int Requests
    {
        get
        {
            lock (_gate) return Prompts.Count;
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ScriptedAnswer answer;
        lock (_gate)
        {
            Prompts.Add(messages.ToList());
            Options.Add(options);
            PrefillRunningAtRequest.Add(Prefiller?.Running ?? false);
            answer = _answers.Count > 0 ? _answers.Dequeue() : ScriptedAnswer.Text("ok");
        }
        await Task.Yield();
        foreach (var step in answer.Steps)
        {
            if (step.Delay > TimeSpan.Zero)
            {
                var delay = Task.Delay(step.Delay, time, cancellationToken);
                _waiting.TrySetResult();
                await delay;
            }
            if (step.Failure is { } failure) throw failure;
            yield return new ChatResponseUpdate(ChatRole.Assistant, [step.Content!]);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(IPromptPrefiller) ? Prefiller : null;

    public void Dispose()
    {
    }
}
