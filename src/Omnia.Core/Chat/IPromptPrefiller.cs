using Microsoft.Extensions.AI;

namespace Omnia.Chat;

/// <summary>
/// A chat engine that can put a prompt into its cache without answering it, so that the request that follows with
/// the same beginning only prefills what is new. A voice conversation prefills the live transcript while the user is
/// still speaking; at the turn decision only a few tokens remain. Found through <c>IChatClient.GetService</c>; with
/// <c>ChatOptions.ConversationId</c> the prefill goes into that conversation's cache. Best effort: an engine may skip
/// a prefill (the cache off, every slot busy) and completes the task either way.
/// </summary>
public interface IPromptPrefiller
{
    /// <summary>
    /// Prefills the prompt <paramref name="messages"/> would make for an answer, and reads, on the way, how likely
    /// the model thinks the last message is finished (a speaker's turn that ends there).
    /// </summary>
    Task<PrefilledPrompt> PrefillAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken);
}
