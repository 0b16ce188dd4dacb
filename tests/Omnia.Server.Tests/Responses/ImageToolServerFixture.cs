using Omnia.Cli.Hosting;
using Omnia.Server.Tests.Images;
using Omnia.Tests;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// stories260K with a tool-capable template beside the generated-graph image model (<see cref="DiffusionTestModel"/>),
/// so a Responses request can call the <c>image_generation</c> tool.
/// </summary>
public sealed class ImageToolServerFixture : IAsyncLifetime
{
    private readonly DirectoryInfo parent = Directory.CreateTempSubdirectory("omnia-image-tool-");

    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(parent.FullName, ImageServerFixture.ModelId);
        _ = new DiffusionTestModel(directory);
        Server = await OmniaServerInstance.StartAsync(new ServeSettings
        {
            ChatModel = "stories260k", Parallel = 2, ContextSize = 2048, Threads = 1, ChatTemplate = OmniaServerInstance.ToolChatTemplate, ImageModel = directory,
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        parent.Delete(recursive: true);
    }
}
