using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>
/// A chat client (a fake) answering each generation from <paramref name="answer"/> (given the generation's index and
/// tool mode), and recording the prompt and tool mode each generation was given.
/// </summary>
internal sealed class ScriptedChatClientFake(Func<int, ChatToolMode?, IEnumerable<AIContent>> answer) : IChatClient
{
    public List<(List<ChatMessage> Messages, ChatToolMode? Mode)> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var index = Calls.Count;
        Calls.Add(([.. messages], options?.ToolMode));
        foreach (var content in answer(index, options?.ToolMode))
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, [content]);
        }
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2 })]) { FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}
