using Omnia.Cli.Hosting;
using Omnia.Tests;

namespace Omnia.Server.Tests.Images;

/// <summary>
/// A server whose image model is the generated-graph export without its VAE encoder (so it cannot edit), with a 1 MB
/// body limit for the upload bounds.
/// </summary>
public sealed class TextOnlyImageServerFixture : IAsyncLifetime
{
    public const string ModelId = "sd-text-only";

    private readonly DirectoryInfo parent = Directory.CreateTempSubdirectory("omnia-image-server-");

    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(parent.FullName, ModelId);
        _ = new DiffusionTestModel(directory, withEncoder: false);
        Server = await OmniaServerInstance.StartAsync(new ServeSettings
        {
            ChatModel = "stories260k", Parallel = 1, ContextSize = 256, Threads = 1, ImageModel = directory, MaxBodyMegabytes = 1,
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        parent.Delete(recursive: true);
    }
}
