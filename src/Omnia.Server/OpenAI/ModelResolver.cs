using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI;

/// <summary>Finds the chat client for a request's model, or the error that says why there is none.</summary>
internal static class ModelResolver
{
    /// <summary>A model nobody serves: when the catalog knows it, the error says how to install it.</summary>
    public static ApiException NotServed(string model) =>
        ModelCatalog.BuiltIn.Find(model) is { } entry
            ? new ApiException(404,
                $"Model '{entry.Name}' is not installed on this server. Fix: omnia pull {entry.Name}{(entry.Projector is { } p ? " " + p : "")} " +
                $"(or put {entry.File} into the models directory) and restart the server.", ApiException.InvalidRequest, "model", "model_not_found")
            : ApiException.ModelNotFound(model);

    /// <summary>A request's <c>model</c>, present and a name that cannot lead out of the models directory; a 400 naming <c>model</c> otherwise.</summary>
    public static void RequireName([NotNull] string? model)
    {
        if (string.IsNullOrEmpty(model))
            throw ApiException.BadRequest("You must provide a model parameter.", "model");
        if (!ModelName.IsSafe(model))
            throw ApiException.BadRequest(
                $"{Echo.Quote(model)} is not a valid model name: names are at most {ModelName.MaxLength} characters, '/' only between name parts (as in org/model), without '\\', '..' or control characters.",
                "model", "invalid_model_name");
    }

    public static IChatClient ChatClient(ModelRegistry registry, string model)
    {
        var served = registry.Find(model) ?? throw NotServed(model);
        return served.State switch
        {
            ServedModelState.Loading => throw new ApiException(503, $"Model '{model}' is still loading; retry shortly.", ApiException.Server, "model", "model_loading"),
            ServedModelState.Failed => throw new ApiException(503, $"Model '{model}' failed to load: {served.Error}", ApiException.Server, "model", "model_load_failed"),
            _ when served.Role != ModelRole.Chat || served.ChatClient is null =>
                throw ApiException.BadRequest($"Model '{model}' is a {served.Role} model, not a chat model.", "model", "model_not_chat"),
            _ => served.ChatClient,
        };
    }
}
