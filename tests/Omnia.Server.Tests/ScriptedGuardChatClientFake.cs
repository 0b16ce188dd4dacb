using Microsoft.Extensions.AI;

namespace Omnia.Server.Tests;

/// <summary>
/// A fake guard model: answers each Llama Guard prompt with the verdict its script gives, so guardrail tests know
/// exactly what is flagged. It records the prompts it was shown.
/// </summary>
internal sealed class ScriptedGuardChatClientFake(Func<string, string> verdictForPrompt) : IChatClient
{
    private readonly List<string> _prompts = [];

    public IReadOnlyList<string> Prompts
    {
        get { lock (_prompts) return _prompts.ToList(); }
    }

    /// <summary>Whether a prompt asks about the model's answer rather than the user's message.</summary>
    public static bool AssessesAnswer(string prompt) => prompt.StartsWith("Task: Check if there is unsafe content in 'Agent'", StringComparison.Ordinal);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.Single().Text;
        lock (_prompts) _prompts.Add(prompt);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, verdictForPrompt(prompt))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
