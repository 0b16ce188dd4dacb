using Microsoft.Extensions.AI;

namespace Omnia.Voice.Conversation;

/// <summary>Decides whether a response may start (rate limits, budgets); the transport's policy, asked by the conversation.</summary>
public interface IResponseAdmission
{
    /// <summary>Admits a response about to send <paramref name="messages"/>, or refuses it.</summary>
    /// <param name="speculative">Started before the turn was decided: it counts as a request only once confirmed.</param>
    /// <exception cref="ConversationException">Refused (<c>rate_limit_exceeded</c>).</exception>
    IAdmittedResponse Admit(IReadOnlyList<ChatMessage> messages, int? maxOutputTokens, bool speculative);
}
