using Omnia.Cli.Hosting;
using Omnia.Core.Tests.Models.Sources;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary><c>omnia serve</c> uses a model already in the Hugging Face hub cache, in place and without a download.</summary>
public sealed class ServeFromHuggingFaceCacheTests : IDisposable
{
    private readonly HubCacheLayout _hub = new();
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-serve-hf-");

    public void Dispose()
    {
        _hub.Dispose();
        _models.Delete(recursive: true);
    }

    [Theory]
    [InlineData("stories260k")]
    [InlineData(null)]
    public async Task A_cached_catalog_model_is_served_offline_from_the_cache(string? chatModel)
    {
        _hub.Add("ggml-org/tiny-llamas", "stories260K.gguf", await File.ReadAllBytesAsync(TestPaths.Stories260K));

        await using var server = await OmniaServerInstance.StartAsync(new ServeSettings
        {
            ModelsDir = _models.FullName,
            ModelSources = new ModelSources { HuggingFaceCacheDir = _hub.Directory },
            ChatModel = chatModel,
            ContextSize = 256,
            Parallel = 1,
            Threads = 1,
            Offline = true,
        });

        Assert.Equal(ServedModelState.Ready, server.Registry.Find("stories260k")!.State);
        Assert.Empty(_models.GetFileSystemInfos());
        Assert.Contains("\"source\":\"huggingface_cache\"", await server.Http.GetStringAsync("v1/models"));
    }
}
