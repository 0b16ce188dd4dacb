using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI;
using Omnia.Vad;

namespace Omnia.Server.Realtime;

/// <summary>
/// <c>GET /v1/realtime?model=…</c>: the Realtime API over WebSocket. OpenAI's realtime model names mean the best local
/// chat model; the subprotocol <c>realtime</c> is accepted, and browsers may authenticate with the
/// <c>openai-insecure-api-key.KEY</c> subprotocol (checked by the API key middleware). A client that sends
/// <c>OpenAI-Beta: realtime=v1</c> (or the <c>openai-beta.realtime-v1</c> subprotocol) gets the beta event names.
/// A connection opened with an <c>ek_</c> client secret starts with the session it was minted for, on its model: a
/// <c>model</c> query naming another served model is a 400 (a realtime alias, or none, means the secret's model).
/// </summary>
internal static class RealtimeEndpoint
{
    private static readonly HashSet<string> RealtimeAliases = new(StringComparer.Ordinal)
    {
        "gpt-realtime", "gpt-realtime-mini", "gpt-4o-realtime-preview", "gpt-4o-mini-realtime-preview", "gpt-4o-realtime-preview-2024-12-17",
    };

    public static async Task HandleAsync(HttpContext context, ModelRegistry registry, IOptions<OmniaServerOptions> options, RealtimeMetrics metrics,
        Observability.ServerMetrics serverMetrics, TimeProvider time, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            throw ApiException.BadRequest("The Realtime API is a WebSocket endpoint: connect with ws:// or wss://.", null, "websocket_required");

        var model = context.Request.Query["model"].FirstOrDefault();
        var grant = context.Features.Get<ClientSecrets.ClientSecretGrant>();
        if (grant?.Model is { } minted)
        {
            if (!string.IsNullOrEmpty(model) && model != minted && !RealtimeAliases.Contains(model))
                throw ApiException.BadRequest($"This client secret opens a session on model {Echo.Quote(minted)}, not {Echo.Quote(model)}: connect without ?model= or with ?model={minted}.",
                    "model", "model_mismatch");
            model = minted;
        }
        if (grant is not null) ClientSecrets.ClientSecretsEndpoint.Checked(grant.Session);
        var chat = ResolveChat(registry, model, out var modelId);
        var modalities = registry.Find(modelId)?.InputModalities ?? registry.FindBest(ModelRole.Chat)?.InputModalities ?? ["text"];
        var protocols = context.WebSockets.WebSocketRequestedProtocols;
        var beta = context.Request.Headers["OpenAI-Beta"].Any(v => v?.Contains("realtime=v1", StringComparison.Ordinal) == true)
            || protocols.Contains("openai-beta.realtime-v1");
        var subprotocol = protocols.Contains("realtime") ? "realtime" : null;

        var dependencies = new RealtimeDependencies(
            chat,
            modalities,
            // A model from a file runs in this process, on this build's CPU backend; an upstream's is its own business.
            (registry.Find(modelId) ?? registry.FindBest(ModelRole.Chat))?.Origin is not null,
            registry.FindBest(ModelRole.TextToSpeech),
            registry.FindBest(ModelRole.SpeechToText)?.LiveSpeechToTextClient,
            context.RequestServices.GetService<IVoiceActivityModelFactory>(),
            context.RequestServices.GetService<IEnumerable<Omnia.Translation.ITextTranslator>>()?.FirstOrDefault(),
            context.RequestServices.GetService<EndOfTurnModels>(),
            context.RequestServices.GetRequiredService<OpenAI.Media.ChatMediaPreparer>(),
            options.Value,
            metrics,
            serverMetrics,
            RateLimits.RequestBudget.Of(context),
            context.RequestServices.GetRequiredService<OpenAI.Responses.Mcp.McpConnector>(),
            time,
            loggers.CreateLogger("Omnia.Realtime"));

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subprotocol, KeepAliveInterval = TimeSpan.FromSeconds(20) });
        metrics.Sessions.Add(1);
        try
        {
            await using var session = new RealtimeSession(socket, modelId, beta, dependencies);
            if (grant is not null) session.StartWith(grant.Session);
            if (context.Request.Query["preset"] == "translate")
                session.UseTranslation(context.Request.Query["from"].FirstOrDefault() ?? "en", context.Request.Query["to"].FirstOrDefault() ?? "es",
                    context.Request.Query["engine"].FirstOrDefault() ?? "apertium");
            await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            metrics.Sessions.Add(-1);
        }
    }

    internal static IChatClient ResolveChat(ModelRegistry registry, string? model, out string modelId)
    {
        if (string.IsNullOrEmpty(model) || RealtimeAliases.Contains(model))
        {
            var best = registry.FindBest(ModelRole.Chat)
                ?? throw new ApiException(503, "No chat model is ready for a realtime session.", ApiException.Server, "model", "model_unavailable");
            modelId = model ?? best.Id;
            return best.ChatClient!;
        }
        modelId = model;
        return ModelResolver.ChatClient(registry, model);
    }
}
