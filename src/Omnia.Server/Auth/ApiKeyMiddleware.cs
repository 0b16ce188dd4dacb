using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Omnia.Server.Errors;

namespace Omnia.Server.Auth;

/// <summary>
/// When API keys are configured, every <c>/v1</c> route needs <c>Authorization: Bearer KEY</c>. Keys are compared as
/// SHA-256 digests in constant time, so neither content nor length leaks through timing.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<OmniaServerOptions> options)
{
    private readonly byte[][] _keyDigests = options.Value.ApiKeys.Select(Digest).ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (_keyDigests.Length == 0 || !context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        // Browsers cannot set headers on a WebSocket, so the Realtime API also takes the key as a subprotocol.
        const string KeyProtocol = "openai-insecure-api-key.";
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && context.Request.Headers.SecWebSocketProtocol.SelectMany(p => (p ?? "").Split(',', StringSplitOptions.TrimEntries))
                   .FirstOrDefault(p => p.StartsWith(KeyProtocol, StringComparison.Ordinal)) is { } keyProtocol)
            header = "Bearer " + keyProtocol[KeyProtocol.Length..];
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorResults.WriteAsync(context, new ApiException(401,
                "You didn't provide an API key. Send it in the Authorization header as 'Bearer YOUR_KEY'.",
                ApiException.InvalidRequest, null, "missing_api_key"), context.RequestAborted);
            return;
        }

        if (!IsKnown(header["Bearer ".Length..].Trim()))
        {
            await ErrorResults.WriteAsync(context, new ApiException(401, "Incorrect API key provided.",
                ApiException.InvalidRequest, null, "invalid_api_key"), context.RequestAborted);
            return;
        }
        await next(context);
    }

    private bool IsKnown(string key)
    {
        var digest = Digest(key);
        var match = false;
        foreach (var known in _keyDigests)
            match |= CryptographicOperations.FixedTimeEquals(digest, known);
        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
