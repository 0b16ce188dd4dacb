using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Omnia.Server.Errors;
using Omnia.Server.Realtime.ClientSecrets;

namespace Omnia.Server.Auth;

/// <summary>
/// When API keys are configured, every <c>/v1</c> route needs <c>Authorization: Bearer KEY</c>, and so does
/// <c>/metrics</c> unless <see cref="OmniaServerOptions.PublicMetrics"/>; <c>/health</c> answers everyone, with its
/// details only for a key holder unless <see cref="OmniaServerOptions.PublicHealth"/>. Keys are compared as SHA-256
/// digests in constant time, so neither content nor length leaks through timing. The caller's
/// <see cref="ApiKeyIdentity"/> is set as a request feature for rate limits and usage.
/// An ephemeral <c>ek_</c> client secret (<see cref="ClientSecretSigner"/>) opens <c>/v1/realtime</c> and nothing
/// else, with or without API keys: it is verified here and its <see cref="ClientSecretGrant"/> set as a feature.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<OmniaServerOptions> options, ClientSecretSigner clientSecrets)
{
    private readonly byte[][] _keyDigests = options.Value.ApiKeys.Select(ApiKeyIdentity.Digest).ToArray();
    private readonly bool _publicMetrics = options.Value.PublicMetrics;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var header = Credential(context);
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (path.StartsWithSegments("/v1") && token?.StartsWith(ClientSecretSigner.Prefix, StringComparison.Ordinal) == true && Find(token) is null)
        {
            await AdmitClientSecretAsync(context, token);
            return;
        }

        if (_keyDigests.Length == 0)
        {
            context.Features.Set(ApiKeyIdentity.Anonymous);
            await next(context);
            return;
        }

        var required = path.StartsWithSegments("/v1") || path.StartsWithSegments("/metrics") && !_publicMetrics;
        var optional = path.StartsWithSegments("/health");
        if (!required && !optional)
        {
            await next(context);
            return;
        }

        if (token is null)
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

        if (Find(token) is not { } digest)
        {
            await ErrorResults.WriteAsync(context, new ApiException(401, "Incorrect API key provided.",
                ApiException.InvalidRequest, null, "invalid_api_key"), context.RequestAborted);
            return;
        }
        context.Features.Set(new ApiKeyIdentity(ApiKeyIdentity.IdOf(digest)));
        await next(context);
    }

    /// <summary>The Authorization header, or the key a browser sent as a subprotocol (it cannot set headers on a WebSocket).</summary>
    private static string Credential(HttpContext context)
    {
        const string KeyProtocol = "openai-insecure-api-key.";
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && context.Request.Headers.SecWebSocketProtocol.SelectMany(p => (p ?? "").Split(',', StringSplitOptions.TrimEntries))
                   .FirstOrDefault(p => p.StartsWith(KeyProtocol, StringComparison.Ordinal)) is { } keyProtocol)
            return "Bearer " + keyProtocol[KeyProtocol.Length..];
        return header;
    }

    /// <summary>A client secret opens the realtime WebSocket only, as the key that minted it and with the session it was minted for.</summary>
    private async Task AdmitClientSecretAsync(HttpContext context, string secret)
    {
        if (!context.Request.Path.Equals("/v1/realtime", StringComparison.Ordinal))
        {
            await ErrorResults.WriteAsync(context, new ApiException(401,
                $"A client secret (ek_…) opens only the Realtime API's WebSocket, /v1/realtime; {Echo.Quote(context.Request.Path.Value)} needs an API key.",
                ApiException.InvalidRequest, null, "invalid_client_secret"), context.RequestAborted);
            return;
        }
        ClientSecretGrant grant;
        try
        {
            grant = clientSecrets.Verify(secret);
        }
        catch (ApiException e)
        {
            await ErrorResults.WriteAsync(context, e, context.RequestAborted);
            return;
        }
        context.Features.Set(grant);
        context.Features.Set(grant.KeyId == ApiKeyIdentity.Anonymous.KeyId ? ApiKeyIdentity.Anonymous : new ApiKeyIdentity(grant.KeyId));
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
