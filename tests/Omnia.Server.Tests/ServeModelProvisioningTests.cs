using Omnia.Cli.Hosting;
using Omnia.Core.Tests.Models.Download;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary><c>omnia serve</c> pulls what its configured model needs on first start, unless offline.</summary>
public sealed class ServeModelProvisioningTests : IAsyncLifetime
{
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-serve-pull-");
    private HubMirrorServer _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubMirrorServer.StartAsync();
        _hub.Serve("ggml-org/tiny-llamas/resolve/main/stories260K.gguf", await File.ReadAllBytesAsync(TestPaths.Stories260K));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _models.Delete(recursive: true);
    }

    private ServeSettings Settings(bool offline = false, string? endpoint = null) => new()
    {
        ModelsDir = _models.FullName,
        ChatModel = "stories260k",
        ContextSize = 256,
        Parallel = 1,
        Threads = 1,
        Offline = offline,
        HfEndpoint = endpoint ?? _hub.BaseAddress.AbsoluteUri,
    };

    [Fact]
    public async Task The_first_start_pulls_the_configured_model_and_serves_it()
    {
        await using var server = await OmniaServerInstance.StartAsync(Settings());

        Assert.Equal(ServedModelState.Ready, server.Registry.Find("stories260k")!.State);
        Assert.True(File.Exists(Path.Combine(_models.FullName, "stories260K.gguf")));
        Assert.Single(_hub.Requests);
    }

    [Fact]
    public async Task Offline_nothing_is_fetched_and_the_model_says_which_command_installs_it()
    {
        await using var server = await OmniaServerInstance.StartAsync(Settings(offline: true));

        var model = server.Registry.Find("stories260k")!;
        Assert.Equal(ServedModelState.Failed, model.State);
        Assert.Contains("omnia pull stories260k", model.Error);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task An_unreachable_hub_still_starts_the_server_on_what_is_installed()
    {
        await using var server = await OmniaServerInstance.StartAsync(Settings(endpoint: "http://127.0.0.1:1/"));

        using var health = await server.Http.GetAsync("health");
        var model = server.Registry.Find("stories260k")!;
        Assert.True(health.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.ServiceUnavailable, health.StatusCode.ToString());
        Assert.Equal(ServedModelState.Failed, model.State);
        Assert.Contains("omnia pull stories260k", model.Error);
    }
}
