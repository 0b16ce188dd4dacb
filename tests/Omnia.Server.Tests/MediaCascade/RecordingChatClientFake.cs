using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Omnia.Server.Tests.MediaCascade;

/// <summary>A fake chat model that answers "ok" and records the messages each request brought it, to show what reached the model.</summary>
internal sealed class RecordingChatClientFake : IChatClient
{
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(messages);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Record(messages);
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
    }

    private void Record(IEnumerable<ChatMessage> messages)
    {
        lock (_requests) _requests.Add([.. messages]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
