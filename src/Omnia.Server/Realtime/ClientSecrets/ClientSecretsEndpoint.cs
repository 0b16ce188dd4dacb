using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Omnia.Models;
using Omnia.Server.Auth;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI;
using Omnia.Server.Realtime.Events;

namespace Omnia.Server.Realtime.ClientSecrets;

/// <summary>
/// <c>POST /v1/realtime/client_secrets</c>: an ephemeral <c>ek_</c> key for a browser or app to open one realtime
/// session with, so it never holds the API key. Body as OpenAI's: <c>expires_after</c> (<c>anchor: created_at</c>,
/// <c>seconds</c> 10–7200, default 600) and <c>session</c> (a realtime session's configuration, checked now as
/// <c>session.update</c> checks it). Until it expires the secret opens any number of sessions; a session already open
/// outlives it. An <c>ek_</c> secret cannot mint another: the middleware lets it reach <c>/v1/realtime</c> only.
/// </summary>
internal static class ClientSecretsEndpoint
{
    private const int DefaultSeconds = 600;
    private const int MinSeconds = 10;
    private const int MaxSeconds = 7200;

    public static async Task<IResult> HandleAsync(HttpContext context, ClientSecretSigner signer, ModelRegistry registry, TimeProvider time)
    {
        var body = await RequestBody.ReadAsync<JsonObject>(context, context.RequestAborted);
        try
        {
            return Mint(context, body, signer, registry, time);
        }
        catch (RealtimeProtocolException e)
        {
            throw ApiException.BadRequest(e.Message, e.Param, e.Code);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException or InvalidCastException)
        {
            // A session field of the wrong JSON kind deep inside (the JsonNode accessors say so with these).
            throw ApiException.BadRequest(e.Message, "session", "invalid_value");
        }
    }

    private static IResult Mint(HttpContext context, JsonObject body, ClientSecretSigner signer, ModelRegistry registry, TimeProvider time)
    {
        var seconds = ExpiresAfterSeconds(body);
        var session = SessionFields.Object(body, "session", "session") ?? new JsonObject { ["type"] = "realtime" };
        var type = SessionFields.Text(session, "type", "session.type") ?? "realtime";
        if (type == "transcription")
            throw new RealtimeProtocolException("unsupported_value",
                "Transcription sessions are not served yet: mint a 'realtime' session (with audio.input.transcription set).", "session.type");
        if (type != "realtime")
            throw new RealtimeProtocolException("invalid_value", $"Invalid value for 'session.type': {Echo.Quote(type)}. Supported: realtime.", "session.type");

        var model = SessionFields.Text(session, "model", "session.model");
        string modelId;
        try
        {
            RealtimeEndpoint.ResolveChat(registry, model, out modelId);
        }
        catch (ApiException e) when (e.Param == "model")
        {
            throw new ApiException(e.Status, e.Message, e.Type, "session.model", e.Code);
        }

        var config = Checked(session);
        RefuseMcpCredentials(session);
        if (JsonSerializer.SerializeToUtf8Bytes(session).Length > ClientSecretSigner.MaxSessionBytes)
            throw new RealtimeProtocolException("session_too_large",
                $"A client secret's session may hold at most {ClientSecretSigner.MaxSessionBytes} bytes of JSON (the secret travels in a header): " +
                "send long instructions or tools with session.update once connected.", "session");

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds() + seconds);
        var keyId = context.Features.Get<ApiKeyIdentity>()?.KeyId ?? ApiKeyIdentity.Anonymous.KeyId;
        var value = signer.Mint(keyId, model, session, expiresAt);
        var shown = config.ToResource(beta: false, "sess_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), modelId);
        return Results.Json(new JsonObject
        {
            ["value"] = value,
            ["expires_at"] = expiresAt.ToUnixTimeSeconds(),
            ["session"] = JsonSerializer.SerializeToNode(shown, RealtimeJsonContext.Default.RealtimeSessionResource),
        }, OpenAIJson.Options);
    }

    /// <summary>
    /// The session as it will start, checked as <c>session.update</c> checks it: at minting, and again before a
    /// secret's socket is accepted (a node of another version may read it differently).
    /// </summary>
    /// <exception cref="ApiException">A 400 naming the field.</exception>
    internal static RealtimeSessionConfig Checked(JsonObject session)
    {
        var config = new RealtimeSessionConfig();
        try
        {
            config.Apply(session, beta: false);
        }
        catch (RealtimeProtocolException e)
        {
            throw ApiException.BadRequest(e.Message, e.Param, e.Code);
        }
        return config;
    }

    /// <summary>
    /// An MCP tool's <c>headers</c> and <c>authorization</c> are credentials, and a client secret is signed, not
    /// encrypted: whoever holds it could read them. They go in a <c>session.update</c> from the app's server instead.
    /// </summary>
    private static void RefuseMcpCredentials(JsonObject session)
    {
        if (session["tools"] is not JsonArray tools) return;
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not JsonObject tool || tool["type"]?.GetValue<string>() != "mcp") continue;
            foreach (var field in new[] { "authorization", "headers" })
            {
                if (tool[field] is not null)
                    throw new RealtimeProtocolException("invalid_value",
                        $"A client secret's session cannot carry an MCP tool's '{field}': the secret is signed, not encrypted, so its holder could read them. " +
                        "Send the tool in a session.update from your server instead.", $"session.tools[{i}].{field}");
            }
        }
    }

    private static int ExpiresAfterSeconds(JsonObject body)
    {
        if (SessionFields.Object(body, "expires_after", "expires_after") is not { } expiresAfter) return DefaultSeconds;
        var anchor = SessionFields.Text(expiresAfter, "anchor", "expires_after.anchor") ?? "created_at";
        if (anchor != "created_at")
            throw new RealtimeProtocolException("invalid_value", $"Invalid value for 'expires_after.anchor': {Echo.Quote(anchor)}. Supported: created_at.", "expires_after.anchor");
        var seconds = SessionFields.Integer(expiresAfter, "seconds", "expires_after.seconds") ?? DefaultSeconds;
        if (seconds is < MinSeconds or > MaxSeconds)
            throw new RealtimeProtocolException("invalid_value",
                $"'expires_after.seconds' must be between {MinSeconds} and {MaxSeconds}; it was {seconds}.", "expires_after.seconds");
        return seconds;
    }
}
