using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Omnia.Server.Errors;

namespace Omnia.Server.Auth;

/// <summary>
/// When API keys are configured, every <c>/v1</c> route needs <c>Authorization: Bearer KEY</c>, and so does
/// <c>/metrics</c> unless <see cref="OmniaServerOptions.PublicMetrics"/>; <c>/health</c> answers everyone, with its
/// details only for a key holder unless <see cref="OmniaServerOptions.PublicHealth"/>. Keys are compared as SHA-256
/// digests in constant time, so neither content nor length leaks through timing. The caller's
/// <see cref="ApiKeyIdentity"/> is set as a request feature for rate limits and usage.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<OmniaServerOptions> options)
{
    private readonly byte[][] _keyDigests = options.Value.ApiKeys.Select(ApiKeyIdentity.Digest).ToArray();
    private readonly bool _publicMetrics = options.Value.PublicMetrics;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_keyDigests.Length == 0)
        {
            context.Features.Set(ApiKeyIdentity.Anonymous);
            await next(context);
            return;
        }

        var path = context.Request.Path;
        var required = path.StartsWithSegments("/v1") || path.StartsWithSegments("/metrics") && !_publicMetrics;
        var optional = path.StartsWithSegments("/health");
        if (!required && !optional)
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
            if (optional)
            {
                await next(context);
                return;
            }
            await ErrorResults.WriteAsync(context, new ApiException(401,
                "You didn't provide an API key. Send it in the Authorization header as 'Bearer YOUR_KEY'.",
                ApiException.InvalidRequest, null, "missing_api_key"), context.RequestAborted);
            return;
        }

        if (Find(header["Bearer ".Length..].Trim()) is not { } digest)
        {
            await ErrorResults.WriteAsync(context, new ApiException(401, "Incorrect API key provided.",
                ApiException.InvalidRequest, null, "invalid_api_key"), context.RequestAborted);
            return;
        }
        context.Features.Set(new ApiKeyIdentity(ApiKeyIdentity.IdOf(digest)));
        await next(context);
    }

    /// <summary>The digest of the configured key that matches, every key compared so the time taken does not say which.</summary>
    private byte[]? Find(string key)
    {
        var digest = ApiKeyIdentity.Digest(key);
        byte[]? match = null;
        foreach (var known in _keyDigests)
            if (CryptographicOperations.FixedTimeEquals(digest, known)) match = known;
        return match;
    }
}
