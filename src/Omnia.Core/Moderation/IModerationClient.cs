using Microsoft.Extensions.AI;

namespace Omnia.Moderation;

/// <summary>Classifies content as safe or unsafe, by category.</summary>
/// <remarks>Calls may be concurrent; an implementation over a chat engine shares that engine's queue.</remarks>
public interface IModerationClient
{
    /// <summary>
    /// Classifies the last message of <paramref name="conversation"/>: a user message is checked as a prompt, an
    /// assistant message as a response to the messages before it.
    /// </summary>
    Task<ModerationResult> ModerateAsync(IReadOnlyList<ChatMessage> conversation, CancellationToken cancellationToken = default);
}
