using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Omnia.Models;
using Omnia.Server.Auth;
using Omnia.Server.OpenAI;
using Omnia.Server.OpenAI.Models;

namespace Omnia.Server.Health;

/// <summary>
/// <c>GET /health</c>: 503 while any model is still loading (as llama.cpp's server does), 200 once every model has
/// either loaded or failed — a failed model is reported in the body and in <c>/v1/models</c>, not by taking the server down.
/// With API keys set, the model list (what is installed, which engines, their errors) is shown only to a key holder
/// unless <see cref="OmniaServerOptions.PublicHealth"/>; the status answers everyone, for load balancers and probes.
/// </summary>
internal static class HealthEndpoint
{
    public static IResult Handle(HttpContext context, ModelRegistry registry, IOptions<OmniaServerOptions> options)
    {
        var models = registry.All;
        var loading = models.Any(m => m.State == ServedModelState.Loading);
        var status = loading ? "loading" : "ok";
        var code = loading ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        var details = options.Value.ApiKeys.Count == 0 || options.Value.PublicHealth || context.Features.Get<ApiKeyIdentity>() is not null;
        object body = details ? new { status, models = models.Select(ModelObject.From).ToList() } : new { status };
        return Results.Json(body, OpenAIJson.Options, statusCode: code);
    }
}
