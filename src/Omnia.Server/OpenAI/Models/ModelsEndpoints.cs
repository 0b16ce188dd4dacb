using Microsoft.AspNetCore.Http;
using Omnia.Models;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Models;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>.</summary>
internal static class ModelsEndpoints
{
    public static IResult List(ModelRegistry registry) =>
        Results.Json(new ModelList(registry.All.Select(ModelObject.From).ToList()), OpenAIJson.Options);

    public static IResult Get(string id, ModelRegistry registry)
    {
        if (!ModelName.IsSafe(id))
            throw ApiException.BadRequest($"{Echo.Quote(id)} is not a valid model name.", "model", "invalid_model_name");
        var model = registry.Find(id) ?? throw ApiException.ModelNotFound(id);
        return Results.Json(ModelObject.From(model), OpenAIJson.Options);
    }
}
