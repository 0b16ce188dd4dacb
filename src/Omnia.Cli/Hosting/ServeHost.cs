using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server;
using Omnia.Store;

namespace Omnia.Cli.Hosting;

/// <summary>The composition root of <c>omnia serve</c>: configuration, engines and the HTTP API in one application.</summary>
public static class ServeHost
{
    /// <summary>Reads configuration the ASP.NET Core way (appsettings.json beside the binary, then environment).</summary>
    public static IConfiguration LoadConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    public static WebApplication Build(ServeSettings settings)
    {
        // Before the thread pool grows: fewer malloc arenas keep native memory from scattering (docs/deploy.md).
        Omnia.Server.Memory.NativeHeap.LimitArenas(2);
        // Blocks of 1 MiB and more get their own mappings, returned when freed; a free arena top above 4 MiB is returned.
        Omnia.Server.Memory.NativeHeap.FixThresholds(mmapBytes: 1 << 20, trimBytes: 4 << 20);

        // Each decode step and each speech engine call hops through the thread pool; with only as many threads as
        // cores, a few blocking native calls make every other request wait for the pool to grow (about one thread a
        // second). A realtime turn cannot wait that long.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile("appsettings.json", optional: true);
        builder.WebHost.UseUrls($"http://{(settings.Host.Contains(':') ? $"[{settings.Host}]" : settings.Host)}:{settings.Port}");
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new ModelStore(settings.ModelsDir, ModelCatalog.BuiltIn, sources: settings.ModelSources));
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddHostedService<ModelProvisioner>();
        builder.Services.AddSingleton<ChatGuardrails>();
        builder.Services.AddSingleton<ServedChatPipeline>();
        builder.Services.AddHostedService<ChatModelLoader>();
        builder.Services.AddHostedService<RemoteModelLoader>();
        builder.Services.AddHostedService<ModerationModelLoader>();
        builder.Services.AddHostedService<ImageModelLoader>();
        builder.Services.AddHostedService<SpeechEngineLoader>();
        builder.Services.AddSingleton(sp => EndOfTurnModelLoader.Load(sp.GetRequiredService<ModelStore>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Omnia.Turns")));
        builder.Services.AddSingleton<Omnia.Vad.IVoiceActivityModelFactory>(sp => VoiceActivity.Load(sp.GetRequiredService<ModelStore>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Omnia.Vad"))!);
        builder.Services.AddSingleton<IEnumerable<Omnia.Translation.ITextTranslator>>(sp => Translators.Create(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Omnia.Translation")));
        builder.Services.AddSingleton<IEnumerable<Omnia.Vision.IImageTextReader>>(sp => ImageReaders.Create(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Omnia.Vision")));
        builder.Services.Configure<Omnia.Server.OpenAI.Responses.BackgroundResponseOptions>(o =>
        {
            o.Lease = settings.BackgroundResponses.Lease;
            o.LeaseRenewal = settings.BackgroundResponses.LeaseRenewal;
        });
        builder.Services.Configure<Omnia.Server.OpenAI.Media.MediaOptions>(o =>
        {
            o.AllowPrivateUrls = settings.AllowPrivateMediaUrls;
            o.ImageDecodeBudgetBytes = settings.ImageDecodeBudgetMegabytes * 1024 * 1024;
        });
        builder.Services.AddOmniaServer(options =>
        {
            options.ApiKeys = settings.ApiKeys;
            options.ClientSecretKey = settings.ClientSecretKey;
            options.MaxRequestBodyBytes = settings.MaxBodyMegabytes * 1024 * 1024;
            options.RequestTimeout = TimeSpan.FromSeconds(settings.RequestTimeoutSeconds);
            options.EndOfTurn = settings.EndOfTurn;
            options.Voices = settings.Voices ?? DefaultVoices.Espeak;
            options.AudioLimits = Omnia.Audio.AudioLimits.Default with
            {
                MaxDuration = TimeSpan.FromSeconds(settings.MaxAudioSeconds),
                MaxInputBytes = settings.MaxAudioMegabytes * 1024 * 1024,
            };
            options.PublicHealth = settings.PublicHealth;
            options.PublicMetrics = settings.PublicMetrics;
            options.RateLimits = settings.RateLimits;
            options.RealtimeLimits = settings.RealtimeLimits;
            options.MaxImagesPerRequest = settings.MaxImagesPerRequest;
        });

        builder.Services.AddOmniaStore(settings.ResolveStore());

        var app = builder.Build();
        app.MapOmniaApi();
        return app;
    }

    /// <summary>
    /// Brings the store's schema up to date, then starts the application (engines load, the port opens). A store that
    /// cannot be reached fails the start before anything is served.
    /// </summary>
    /// <exception cref="Omnia.Storage.StoreUnavailableException">The database could not be opened or migrated.</exception>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var store = app.Services.GetRequiredService<StoreDatabase>();
        await store.MigrateAsync(cancellationToken);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Omnia.Store")
            .LogInformation("Store: {Store} at {Location}", store.Location.Name, store.Location.Describe());
        await app.StartAsync(cancellationToken);
    }
}
