using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Omnia.Cli.Hosting;
using Omnia.Engines.Llama;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary>A real Omnia server (the same composition as <c>omnia serve</c>) on a free loopback port.</summary>
public sealed class OmniaServerInstance : IAsyncDisposable
{
    /// <summary>ChatML with a mention of tools, so the engine treats stories260K as a tool-capable chat model.</summary>
    public const string ToolChatTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
        "{% if tools %}{# tools are described in the system message #}{% endif %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private readonly WebApplication _app;
    private readonly string? _temporaryDataDir;

    private OmniaServerInstance(WebApplication app, Uri baseAddress, string? temporaryDataDir)
    {
        _app = app;
        _temporaryDataDir = temporaryDataDir;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public ModelRegistry Registry => _app.Services.GetRequiredService<ModelRegistry>();

    /// <summary>The application's services (the store, the registry…), for tests that reach past HTTP.</summary>
    public IServiceProvider Services => _app.Services;

    public LlamaEngineCounters Counters =>
        Registry.Find("stories260k")?.ChatClient?.GetService<LlamaEngineCounters>() ?? throw new InvalidOperationException("stories260k is not loaded");

    public static async Task<OmniaServerInstance> StartAsync(ServeSettings? settings = null)
    {
        settings ??= new ServeSettings();
        // Tests never write into the user's data home: the SQLite store goes to a directory removed at dispose.
        var temporaryDataDir = settings.DataDir == new ServeSettings().DataDir
            ? Directory.CreateTempSubdirectory("omnia-data-").FullName
            : null;
        settings = settings with
        {
            Port = 0,
            DataDir = temporaryDataDir ?? settings.DataDir,
            ModelsDir = settings.ModelsDir == new ServeSettings().ModelsDir ? TestPaths.SharedModels : settings.ModelsDir,
            // Tests never reach the internet: only a server pointed at a local mirror may pull.
            Offline = settings.Offline || settings.HfEndpoint is null,
        };
        var app = ServeHost.Build(settings);
        await ServeHost.StartAsync(app, CancellationToken.None);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var instance = new OmniaServerInstance(app, new Uri(address + "/"), temporaryDataDir);
        await instance.WaitUntilSettledAsync();
        return instance;
    }

    /// <summary>stories260K with 16 decode slots and a tool-capable template: the suite's default server.</summary>
    /// <param name="store">A PostgreSQL connection string (<c>--store</c>); null keeps SQLite in a temporary data directory.</param>
    public static Task<OmniaServerInstance> StartStoriesAsync(
        IReadOnlyList<string>? apiKeys = null, long maxBodyMegabytes = 32, bool allowPrivateUrls = false, string? store = null) =>
        StartAsync(StoriesSettings with
        {
            ApiKeys = apiKeys ?? [], MaxBodyMegabytes = maxBodyMegabytes, AllowPrivateMediaUrls = allowPrivateUrls, Store = store,
        });

    /// <summary>The settings of <see cref="StartStoriesAsync"/>, for tests that start it on a store of their own.</summary>
    public static ServeSettings StoriesSettings { get; } = new()
    {
        ChatModel = "stories260k",
        Parallel = 16,
        ContextSize = 2048,
        // One decode thread: ggml's OpenMP threads spin at barriers and stall when the test's other engines share the cores.
        Threads = 1,
        ChatTemplate = ToolChatTemplate,
    };

    private async Task WaitUntilSettledAsync()
    {
        for (var i = 0; i < 600 && Registry.All.Any(m => m.State == ServedModelState.Loading); i++)
            await Task.Delay(50);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_temporaryDataDir is not null) Directory.Delete(_temporaryDataDir, recursive: true);
    }
}
