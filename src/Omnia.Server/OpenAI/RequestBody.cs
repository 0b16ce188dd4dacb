using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI;

/// <summary>
/// The one place a JSON request body is read. Broken JSON ("could not parse"), broken text (invalid UTF-8, lone
/// surrogates) and a well-formed value of the wrong type ("invalid type for 'param'") each get a precise 400; nothing
/// but an <see cref="ApiException"/> leaves here.
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
            JsonStrings.Validate(document.RootElement);
            try
            {
                return document.RootElement.Deserialize<T>(OpenAIJson.Options)
                    ?? throw ApiException.BadRequest("The request body must be a JSON object.", null, "invalid_json");
            }
            catch (JsonException e)
            {
                throw InvalidType(JsonPath.FromSerializerPath(e.Path));
            }
        }
    }

    public static ApiException InvalidType(string? param) => ApiException.BadRequest(
        param is null ? "The request body has a value of the wrong JSON type." : $"Invalid type for '{param}': the value does not have the expected JSON type.",
        param, "invalid_type");
}
