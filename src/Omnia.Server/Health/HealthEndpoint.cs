using Microsoft.AspNetCore.Http;
using Omnia.Models;
using Omnia.Server.OpenAI;
using Omnia.Server.OpenAI.Models;

namespace Omnia.Server.Health;

/// <summary>
/// <c>GET /health</c>: 503 while any model is still loading (as llama.cpp's server does), 200 once every model has
/// either loaded or failed — a failed model is reported in the body and in <c>/v1/models</c>, not by taking the server down.
/// </summary>
internal static class HealthEndpoint
{
    public static IResult Handle(ModelRegistry registry)
    {
        var models = registry.All;
        var loading = models.Any(m => m.State == ServedModelState.Loading);
        var body = new { status = loading ? "loading" : "ok", models = models.Select(ModelObject.From).ToList() };
        return Results.Json(body, OpenAIJson.Options, statusCode: loading ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
