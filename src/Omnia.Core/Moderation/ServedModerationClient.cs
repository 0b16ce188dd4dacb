using Microsoft.Extensions.AI;
using Omnia.Catalog;
using Omnia.Models;

namespace Omnia.Moderation;

/// <summary>
/// Moderation by whichever guard model the server has ready, looked up per call: the guard loads in the background,
/// and a guardrail built before it is ready starts working as soon as it is.
/// </summary>
public sealed class ServedModerationClient(ModelRegistry registry) : IModerationClient
{
    public Task<ModerationResult> ModerateAsync(IReadOnlyList<ChatMessage> conversation, CancellationToken cancellationToken = default)
    {
        var guard = registry.FindBest(ModelRole.Moderation)?.ChatClient;
        if (guard is null)
        {
            var reason = registry.All.FirstOrDefault(m => m.Role == ModelRole.Moderation) switch
            {
                { State: ServedModelState.Loading } m => $"the moderation model '{m.Id}' is still loading; retry shortly.",
                { State: ServedModelState.Failed } m => $"the moderation model '{m.Id}' failed to load: {m.Error}",
                _ => "no moderation model is configured (Omnia:Moderation:Model).",
            };
            throw new ModerationUnavailableException("Content cannot be moderated: " + reason);
        }
        return new LlamaGuardModerationClient(guard).ModerateAsync(conversation, cancellationToken);
    }
}
