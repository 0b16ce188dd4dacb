using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Omnia.Models;
using Omnia.Server.Auth;
using Omnia.Server.Errors;
using Omnia.Server.Health;
using Omnia.Server.Observability;
using Omnia.Server.OpenAI.Audio;
using Omnia.Server.OpenAI.Chat;
using Omnia.Server.OpenAI.Media;
using Omnia.Server.OpenAI.Models;
using Omnia.Server.WebApp;
using OpenTelemetry.Metrics;

namespace Omnia.Server;

/// <summary>Registers and maps Omnia's HTTP API on an ASP.NET Core application.</summary>
public static class OmniaServerExtensions
{
    /// <summary>Adds the server's services; the composition root registers the <see cref="ModelRegistry"/> and engines.</summary>
    public static IServiceCollection AddOmniaServer(this IServiceCollection services, Action<OmniaServerOptions> configure)
    {
        services.Configure(configure);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<Memory.RequestActivity>();
        services.AddOptions<Memory.IdleMemoryTrimmerOptions>();
        services.AddHostedService<Memory.IdleMemoryTrimmer>();
        services.AddSingleton<RateLimits.RateLimitRegistry>();
        services.AddSingleton<Realtime.RealtimeMetrics>();
        services.AddSingleton<Realtime.ClientSecrets.ClientSecretSigner>();
        services.AddSingleton(new Omnia.Audio.AudioCodec());
        services.AddSingleton<AssistantAudioStore>();
        services.AddOptions<MediaOptions>();
        services.AddSingleton<MediaFetcher>();
        services.AddSingleton(provider => new ImageDecodeBudget(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MediaOptions>>().Value.ImageDecodeBudgetBytes));
        services.AddSingleton<ImageNormalizer>();
        services.AddSingleton<ChatMediaPreparer>();
        services.AddSingleton<Moderation.ModerationMetrics>();
        services.AddSingleton<OpenAI.Responses.ResponseStores>();
        services.AddSingleton<OpenAI.Responses.BackgroundResponses>();
        services.AddHostedService(provider => provider.GetRequiredService<OpenAI.Responses.BackgroundResponses>());
        services.AddOptions<OpenAI.Responses.BackgroundResponseOptions>()
            .Validate(o => o.IsValid, "BackgroundResponses: Lease and LeaseRenewal must be positive, LeaseRenewal the shorter.")
            .ValidateOnStart();
        services.AddSingleton<OpenAI.Responses.ResponseLeases>();
        services.AddOptions<OpenAI.Responses.Mcp.McpOptions>();
        services.AddSingleton<OpenAI.Responses.Mcp.McpConnector>();
        services.AddSingleton<OpenAI.Responses.ResponsesDependencies>();
        services.AddOptions<KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<OmniaServerOptions>>(
            (kestrel, omnia) => kestrel.Limits.MaxRequestBodySize = omnia.Value.MaxRequestBodyBytes);
        // System.Runtime: the GC's heap and committed memory beside the process's, so an operator (and the soak bench)
        // tells managed growth from the native engines'.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ServerMetrics.MeterName, "Omnia.Engines.*", Moderation.ModerationMetrics.MeterName, "System.Runtime")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Adds the middleware (logging, errors and time limits, keys, then rate limits, which need to know the key) and
    /// maps every route, the web app included.
    /// </summary>
    public static WebApplication MapOmniaApi(this WebApplication app)
    {
        app.UseMiddleware<Memory.RequestActivityMiddleware>();
        app.UseMiddleware<RequestLoggingMiddleware>();
        // Before the error middleware, so it can tell a WebSocket from a request (the request timeout spares sockets).
        app.UseWebSockets();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<RateLimits.RateLimitMiddleware>();

        app.MapGet("/health", HealthEndpoint.Handle);
        app.MapPrometheusScrapingEndpoint("/metrics");

        var v1 = app.MapGroup("/v1");
        v1.MapPost("/chat/completions", ChatCompletionsEndpoint.HandleAsync);
        v1.Map("/realtime", Realtime.RealtimeEndpoint.HandleAsync);
        v1.MapPost("/realtime/client_secrets", Realtime.ClientSecrets.ClientSecretsEndpoint.HandleAsync);
        v1.MapPost("/audio/transcriptions", TranscriptionsEndpoint.TranscribeAsync);
        v1.MapPost("/audio/translations", TranscriptionsEndpoint.TranslateAsync);
        v1.MapPost("/audio/speech", SpeechEndpoint.HandleAsync);
        OpenAI.Responses.ResponsesEndpoints.Map(v1);
        OpenAI.Conversations.ConversationsEndpoints.Map(v1);
        v1.MapPost("/images/generations", OpenAI.Images.ImagesEndpoint.GenerateAsync);
        v1.MapPost("/images/edits", OpenAI.Images.ImagesEndpoint.EditAsync);
        v1.MapPost("/moderations", OpenAI.Moderation.ModerationsEndpoint.HandleAsync);
        v1.MapGet("/models", ModelsEndpoints.List);
        // Catch-all: ids such as Ollama's user/model:tag hold slashes.
        v1.MapGet("/models/{**id}", ModelsEndpoints.Get);
        v1.MapFallback(() => Results.Json(
            new ApiException(404, "Unknown route.", ApiException.InvalidRequest, null, "unknown_url").ToError(), OpenAI.OpenAIJson.Options, statusCode: 404));
        app.MapWebApp();
        return app;
    }
}
