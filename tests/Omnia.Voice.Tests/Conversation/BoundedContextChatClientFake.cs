using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Chat;
using Omnia.Errors;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// A chat model fake with a context of <paramref name="contextSize"/> "tokens", one per character of text: it refuses
/// a longer prompt as the engines do (before any update), or one that leaves less than the caller's
/// <see cref="ChatProperties.AnswerRoom"/>, and otherwise answers with a fixed text; its prefiller refuses the same way. Records every prompt it was sent, and every prompt it prefilled.
/// </summary>
internal sealed class BoundedContextChatClientFake(int contextSize, string answer = "ok") : IChatClient, IPromptPrefiller
{
    public List<IReadOnlyList<ChatMessage>> Prompts { get; } = [];
    public List<IReadOnlyList<ChatMessage>> Prefilled { get; } = [];

    public async Task<PrefilledPrompt> PrefillAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var prompt = messages.ToList();
        Prefilled.Add(prompt);
        var tokens = prompt.Sum(m => m.Text.Length);
        await Task.Yield();
        if (tokens + Room(options) >= contextSize) throw new ContextLengthExceededException(tokens, contextSize);
        return new PrefilledPrompt(tokens, null);
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        Prompts.Add(prompt);
        var tokens = prompt.Sum(m => m.Text.Length);
        await Task.Yield();
        if (tokens + Room(options) >= contextSize) throw new ContextLengthExceededException(tokens, contextSize);
        yield return new ChatResponseUpdate(ChatRole.Assistant, answer);
    }

    /// <summary>The answer's room, capped at an eighth of the context as the Llama engine caps it.</summary>
    private int Room(ChatOptions? options) =>
        options?.AdditionalProperties?.GetValueOrDefault(ChatProperties.AnswerRoom) is int room ? Math.Min(room, contextSize / 8) : 0;

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(IPromptPrefiller) ? this : null;

    public void Dispose()
    {
    }
}
