using Omnia.Catalog;
using Omnia.Models;
using Omnia.Moderation;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Moderation;

/// <summary>Finds the guard model for a moderation request, or the error that says why there is none and how to get one.</summary>
internal static class ModerationModels
{
    /// <summary>OpenAI's moderation model names, all served by the configured guard.</summary>
    private static readonly HashSet<string> Aliases = new(StringComparer.Ordinal)
    {
        "omni-moderation-latest", "omni-moderation-2024-09-26", "text-moderation-latest", "text-moderation-stable", "text-moderation-007",
    };

    public static (string Id, IModerationClient Client) Resolve(ModelRegistry registry, string? model)
    {
        var served = string.IsNullOrEmpty(model) || Aliases.Contains(model)
            ? registry.FindBest(ModelRole.Moderation) ?? registry.All.FirstOrDefault(m => m.Role == ModelRole.Moderation) ?? throw NoneConfigured()
            : registry.Find(model) ?? throw ModelResolver.NotServed(model);

        if (served.Role != ModelRole.Moderation)
            throw ApiException.BadRequest($"Model '{served.Id}' is a {served.Role} model, not a moderation model.", "model", "model_not_moderation");
        return served.State switch
        {
            ServedModelState.Loading => throw new ApiException(503, $"Model '{served.Id}' is still loading; retry shortly.", ApiException.Server, "model", "model_loading"),
            ServedModelState.Failed => throw new ApiException(503, $"Model '{served.Id}' failed to load: {served.Error}", ApiException.Server, "model", "model_load_failed"),
            _ => (served.Id, new LlamaGuardModerationClient(served.ChatClient!)),
        };
    }

    private static ApiException NoneConfigured() => new(404,
        "No moderation model is served. Fix: omnia pull llama-guard-3-1b, then start the server with " +
        "--moderation-model llama-guard-3-1b (or Omnia:Moderation:Model in appsettings.json, Omnia__Moderation__Model in the environment).",
        ApiException.InvalidRequest, "model", "model_not_found");
}
