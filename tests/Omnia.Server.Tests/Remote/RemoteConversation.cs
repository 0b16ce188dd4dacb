using Microsoft.Extensions.AI;

namespace Omnia.Server.Tests.Remote;

/// <summary>A chat as a client keeps it: each turn sends the whole history, then appends the answer.</summary>
internal sealed class RemoteConversation(IChatClient client, string opening, string? conversationId = null)
{
    private readonly List<ChatMessage> _history = [new(ChatRole.System, "You are terse.")];
    private int _turns;

    public string Opening => opening;

    public async Task<ChatResponse> TurnAsync(bool streamed = false)
    {
        _history.Add(new ChatMessage(ChatRole.User, _turns++ == 0 ? opening : $"and then {_turns}?"));
        var options = new ChatOptions { ConversationId = conversationId };
        var response = streamed
            ? await client.GetStreamingResponseAsync(_history, options).ToChatResponseAsync()
            : await client.GetResponseAsync(_history, options);
        _history.AddRange(response.Messages);
        return response;
    }
}
