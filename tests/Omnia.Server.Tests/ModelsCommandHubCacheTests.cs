using Omnia.Core.Tests.Models.Sources;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary><c>omnia models</c> finds the Hugging Face hub cache where <c>HF_HUB_CACHE</c> says, unless configured off.</summary>
public sealed class ModelsCommandHubCacheTests : IDisposable
{
    private readonly HubCacheLayout _hub = new();
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-models-hf-");

    public void Dispose()
    {
        _hub.Dispose();
        _models.Delete(recursive: true);
    }

    [Fact]
    public async Task A_cached_catalog_model_is_listed_as_installed_in_the_cache_and_the_source_can_be_switched_off()
    {
        var cached = _hub.Add("ggml-org/tiny-llamas", "stories260K.gguf", await File.ReadAllBytesAsync(TestPaths.Stories260K));
        var environment = new Dictionary<string, string> { ["HF_HUB_CACHE"] = _hub.Directory };

        var found = await OmniaExecutable.RunAsync(environment, "models", "--models-dir", _models.FullName);
        environment["Omnia__ModelSources__HuggingFaceCache"] = "false";
        var off = await OmniaExecutable.RunAsync(environment, "models", "--models-dir", _models.FullName);

        Assert.Equal(0, found.Exit);
        Assert.Matches(@"stories260k\s+chat\s+installed\s+.*" + System.Text.RegularExpressions.Regex.Escape(cached) + @" \(Hugging Face cache\)", found.Output);
        Assert.Matches(@"stories260k\s+chat\s+missing", off.Output);
    }
}
