using System.Net;
using Omnia.Cli.Hosting;
using Omnia.Core.Tests.Models.Sources;
using Omnia.Gguf;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary><c>omnia serve</c> uses models from Ollama's store and LM Studio's folder in place, offline.</summary>
public sealed class ServeFromOtherStoresTests : IDisposable
{
    private readonly OllamaLayout _ollama = new();
    private readonly DirectoryInfo _lmStudio = Directory.CreateTempSubdirectory("omnia-serve-lmstudio-");
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-serve-stores-");

    public void Dispose()
    {
        _ollama.Dispose();
        _lmStudio.Delete(recursive: true);
        _models.Delete(recursive: true);
    }

    private Task<OmniaServerInstance> ServeAsync(string chatModel) => OmniaServerInstance.StartAsync(new ServeSettings
    {
        ModelsDir = _models.FullName,
        ModelSources = new ModelSources { HuggingFaceCache = false, OllamaDir = _ollama.Directory, LmStudioDir = _lmStudio.FullName },
        ChatModel = chatModel,
        ContextSize = 256,
        Parallel = 1,
        Threads = 1,
        Offline = true,
    });

    [Fact]
    public async Task An_ollama_model_is_served_under_its_ollama_name()
    {
        _ollama.Add("stories", "260k", await File.ReadAllBytesAsync(TestPaths.Stories260K));

        await using var server = await ServeAsync("stories:260k");

        Assert.Equal(ServedModelState.Ready, server.Registry.Find("stories:260k")!.State);
        Assert.Empty(_models.GetFileSystemInfos());
        Assert.Contains("\"source\":\"ollama\"", await server.Http.GetStringAsync("v1/models"));
    }

    [Fact]
    public async Task An_ollama_model_of_a_user_namespace_is_served_and_requested_under_its_ollama_name()
    {
        _ollama.Add("someone/stories", "260k", await File.ReadAllBytesAsync(TestPaths.Stories260K));

        await using var server = await ServeAsync("someone/stories:260k");
        using var chat = await server.Http.PostAsync("v1/chat/completions", new StringContent(
            """{"model":"someone/stories:260k","messages":[{"role":"user","content":"Once"}],"max_tokens":4}""", System.Text.Encoding.UTF8, "application/json"));
        var answer = await chat.Content.ReadAsStringAsync();
        var model = await server.Http.GetStringAsync("v1/models/someone/stories:260k");

        Assert.Equal(ServedModelState.Ready, server.Registry.Find("someone/stories:260k")!.State);
        Assert.True(chat.IsSuccessStatusCode, answer);
        Assert.Contains("\"model\":\"someone/stories:260k\"", answer);
        Assert.Contains("\"id\":\"someone/stories:260k\"", model);
        Assert.Contains("\"source\":\"ollama\"", model);
    }

    [Fact]
    public async Task A_gguf_of_an_architecture_llama_cpp_does_not_know_is_reported_by_name_and_the_server_starts()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_lmStudio.FullName, "someone", "odd-GGUF"));
        // A well-formed GGUF (no tensors) whose architecture llama.cpp does not know.
        var file = Path.Combine(folder.FullName, "odd-arch.gguf");
        new GgufWriter().Set("general.architecture", GgufValue.String("omnia-unknown-arch")).WriteTo(file);
        Assert.Contains("general.architecture", GgufFile.Read(file).Metadata.Keys);

        await using var server = await ServeAsync("odd-arch");

        var model = server.Registry.Find("odd-arch")!;
        using var health = await server.Http.GetAsync("health");
        Assert.Equal(ServedModelState.Failed, model.State);
        Assert.Contains("odd-arch.gguf could not be loaded", model.Error);
        Assert.True(health.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, health.StatusCode.ToString());
        Assert.Contains("\"status\":\"failed\"", await server.Http.GetStringAsync("v1/models"));
    }

    [Fact]
    public async Task An_ollama_blob_that_cannot_be_read_is_reported_by_name_and_the_server_starts()
    {
        // A write-only sysctl refuses reading even to root, as another user's 0600 blob refuses Omnia.
        var blob = _ollama.Add("locked", "latest", [], writtenModel: _ => null);
        File.CreateSymbolicLink(blob, "/proc/sys/vm/drop_caches");

        await using var server = await ServeAsync("locked:latest");

        var model = server.Registry.Find("locked:latest")!;
        Assert.Equal(ServedModelState.Failed, model.State);
        Assert.Contains(blob, model.Error);
        Assert.Contains("cannot be read", model.Error);
        Assert.Contains("\"status\":\"failed\"", await server.Http.GetStringAsync("v1/models"));
    }

    [Fact]
    public async Task An_lm_studio_model_is_served_from_its_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_lmStudio.FullName, "someone", "stories-GGUF"));
        File.Copy(TestPaths.Stories260K, Path.Combine(folder.FullName, "stories.Q8_0.gguf"));

        await using var server = await ServeAsync("stories.Q8_0");

        Assert.Equal(ServedModelState.Ready, server.Registry.Find("stories.Q8_0")!.State);
        Assert.Contains("\"source\":\"lmstudio\"", await server.Http.GetStringAsync("v1/models"));
    }

    [Fact]
    public async Task A_gguf_llama_cpp_cannot_load_is_reported_by_name_and_the_server_starts()
    {
        var blob = _ollama.Add("unloadable", "latest", "GGUF but not really a model"u8.ToArray());

        await using var server = await ServeAsync("unloadable:latest");

        var model = server.Registry.Find("unloadable:latest")!;
        using var health = await server.Http.GetAsync("health");
        Assert.Equal(ServedModelState.Failed, model.State);
        Assert.Contains(Path.GetFileName(blob), model.Error);
        Assert.True(health.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, health.StatusCode.ToString());
    }
}
