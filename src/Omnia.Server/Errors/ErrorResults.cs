using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Omnia.Server.OpenAI;

namespace Omnia.Server.Errors;

/// <summary>Writes an OpenAI error body with its status.</summary>
internal static class ErrorResults
{
    public static async Task WriteAsync(HttpContext context, ApiException error, CancellationToken cancellationToken)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, error.ToError(), OpenAIJson.Options, cancellationToken);
    }
}
