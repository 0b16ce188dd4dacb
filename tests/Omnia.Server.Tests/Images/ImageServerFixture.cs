using Omnia.Cli.Hosting;
using Omnia.Tests;

namespace Omnia.Server.Tests.Images;

/// <summary>
/// A server whose image model is the generated-graph Stable Diffusion export (<see cref="DiffusionTestModel"/>) in a
/// temporary directory named <see cref="ModelId"/>, loaded through <c>--image-model DIR</c> as a user would.
/// </summary>
public sealed class ImageServerFixture : IAsyncLifetime
{
    public const string ModelId = "sd-test";

    private readonly DirectoryInfo parent = Directory.CreateTempSubdirectory("omnia-image-server-");

    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(parent.FullName, ModelId);
        _ = new DiffusionTestModel(directory);
        Server = await OmniaServerInstance.StartAsync(new ServeSettings { ChatModel = "stories260k", Parallel = 1, ContextSize = 256, Threads = 1, ImageModel = directory });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        parent.Delete(recursive: true);
    }
}
