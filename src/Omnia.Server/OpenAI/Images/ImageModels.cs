using Microsoft.Extensions.AI;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Images;

/// <summary>
/// Which engine draws. No model, or one of OpenAI's names, means the best ready image engine; an engine or catalog name
/// picks that one.
/// </summary>
internal static class ImageModels
{
    private static readonly HashSet<string> Aliases = new(StringComparer.Ordinal) { "dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5" };

    public static (ServedModel Model, IImageGenerator Generator) Resolve(ModelRegistry registry, string? model)
    {
        if (model is not null && !ModelName.IsSafe(model))
            throw ApiException.BadRequest($"{Echo.Quote(model)} is not a valid model name.", "model", "invalid_model_name");
        ServedModel served;
        if (string.IsNullOrEmpty(model) || Aliases.Contains(model))
        {
            served = registry.FindBest(ModelRole.Image) ?? throw Unavailable(registry);
        }
        else
        {
            served = registry.Find(model) ?? throw ApiException.ModelNotFound(model);
            if (served.Role != ModelRole.Image)
                throw ApiException.BadRequest($"Model '{model}' is a {served.Role} model, not an image model.", "model", "wrong_model_role");
            if (served.State == ServedModelState.Failed)
                throw new ApiException(503, $"Model '{model}' is unavailable: {served.Error}", ApiException.Server, "model", "model_unavailable");
        }
        return (served, served.ImageGenerator ?? throw Unavailable(registry));
    }

    private static ApiException Unavailable(ModelRegistry registry)
    {
        var reasons = registry.All.Where(m => m.Role == ModelRole.Image && m.Error is not null).Select(m => $"{m.Id}: {m.Error}").ToList();
        var detail = reasons.Count > 0 ? " " + string.Join(" ", reasons) : " Start the server with --image-model NAME|PATH, or --upstream for a remote one.";
        return new ApiException(503, $"No image engine is available.{detail}", ApiException.Server, "model", "model_unavailable");
    }
}
