using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI;

/// <summary>
/// Reads a JSON request body in two steps, so that broken JSON ("could not parse") and a well-formed value of the
/// wrong type ("invalid type for 'param'") get different, precise errors.
/// </summary>
internal static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context, CancellationToken cancellationToken) where T : class
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = OpenAIJson.Options.MaxDepth }, cancellationToken);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(
                $"We could not parse the JSON body of your request (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}). Send a JSON object.",
                null, "invalid_json");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw ApiException.BadRequest("The request body must be a JSON object.", null, "invalid_json");
            return document.RootElement.Deserialize<T>(OpenAIJson.Options)
                ?? throw ApiException.BadRequest("The request body must be a JSON object.", null, "invalid_json");
        }
    }
}
