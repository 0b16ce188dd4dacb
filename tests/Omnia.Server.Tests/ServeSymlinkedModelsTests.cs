using Omnia.Cli.Hosting;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary><c>omnia serve</c> from a models directory whose files are symbolic links to models kept elsewhere.</summary>
public sealed class ServeSymlinkedModelsTests : IDisposable
{
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-serve-links-");

    public void Dispose() => _models.Delete(recursive: true);

    [Fact]
    public async Task A_models_directory_of_links_is_served_offline_and_a_dangling_link_is_skipped()
    {
        File.CreateSymbolicLink(Path.Combine(_models.FullName, "stories260K.gguf"), TestPaths.Stories260K);
        File.CreateSymbolicLink(Path.Combine(_models.FullName, "silero_vad.onnx"), TestPaths.SileroVad);
        File.CreateSymbolicLink(Path.Combine(_models.FullName, "broken.gguf"), Path.Combine(_models.FullName, "nowhere.gguf"));

        await using var server = await OmniaServerInstance.StartAsync(new ServeSettings
        {
            ModelsDir = _models.FullName,
            ChatModel = "stories260k",
            ContextSize = 256,
            Parallel = 1,
            Threads = 1,
            Offline = true,
        });

        Assert.Equal(ServedModelState.Ready, server.Registry.Find("stories260k")!.State);
        Assert.Null(server.Registry.Find("broken"));
        using var listed = await server.Http.GetAsync("v1/models");
        var body = await listed.Content.ReadAsStringAsync();
        Assert.Contains("stories260k", body);
        Assert.Contains("\"source\":\"models_dir\"", body);
    }
}
