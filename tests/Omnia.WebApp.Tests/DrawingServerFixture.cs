using Omnia.Cli.Hosting;
using Omnia.Server.Tests;
using Omnia.Tests;

namespace Omnia.WebApp.Tests;

/// <summary>stories260K beside the generated-graph image model (<see cref="DiffusionTestModel"/>), for the page to draw with.</summary>
public sealed class DrawingServerFixture : IAsyncLifetime
{
    private readonly DirectoryInfo parent = Directory.CreateTempSubdirectory("omnia-web-drawing-");

    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(parent.FullName, "sd-test");
        _ = new DiffusionTestModel(directory);
        Server = await OmniaServerInstance.StartAsync(new ServeSettings { ChatModel = "stories260k", Parallel = 1, ContextSize = 512, Threads = 1, ImageModel = directory });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        parent.Delete(recursive: true);
    }
}
