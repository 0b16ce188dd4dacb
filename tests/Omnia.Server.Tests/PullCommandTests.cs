using System.Diagnostics;
using Omnia.Core.Tests.Models.Download;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary>The real <c>omnia</c> binary, run as a process against a local mirror of the hub.</summary>
public sealed class PullCommandTests : IAsyncLifetime
{
    private const string StoriesPath = "ggml-org/tiny-llamas/resolve/main/stories260K.gguf";
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-cli-pull-");
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("omnia-cli-cache-");
    private HubMirrorServer _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubMirrorServer.StartAsync();
        _hub.Serve(StoriesPath, await File.ReadAllBytesAsync(TestPaths.Stories260K));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _models.Delete(recursive: true);
        _cache.Delete(recursive: true);
    }

    [Fact]
    public async Task Pull_stories260k_from_a_mirror_ends_with_the_verified_file_in_the_models_dir()
    {
        var (code, output, error) = await OmniaAsync("pull", "stories260k", "--models-dir", _models.FullName, "--hf-endpoint", _hub.BaseAddress.AbsoluteUri);

        Assert.True(code == 0, error);
        Assert.Equal(await File.ReadAllBytesAsync(TestPaths.Stories260K), await File.ReadAllBytesAsync(Path.Combine(_models.FullName, "stories260K.gguf")));
        Assert.False(File.Exists(Path.Combine(_models.FullName, "stories260K.gguf.partial")));
        Assert.Contains("stories260k", output);
        Assert.Contains("done", output);
        Assert.Equal("/" + StoriesPath, _hub.Requests.Single().Path);

        var (_, listing, _) = await OmniaAsync("models", "--models-dir", _models.FullName);
        Assert.Matches(@"stories260k\s+chat\s+installed\s+1\.1 MiB", listing);
        Assert.Matches(@"whisper-base\s+stt\s+missing\s+\(141\.1 MiB\)", listing);
    }

    [Fact]
    public async Task A_partial_download_is_listed_with_its_size_and_resumed_by_the_next_pull()
    {
        var stories = await File.ReadAllBytesAsync(TestPaths.Stories260K);
        await File.WriteAllBytesAsync(Path.Combine(_models.FullName, "stories260K.gguf.partial"), stories[..500_000]);

        var (_, listing, _) = await OmniaAsync("models", "--models-dir", _models.FullName);
        var (code, _, error) = await OmniaAsync("pull", "stories260k", "--models-dir", _models.FullName, "--hf-endpoint", _hub.BaseAddress.AbsoluteUri);

        Assert.Matches(@"stories260k\s+chat\s+partial\s+488\.3 KiB of 1\.1 MiB", listing);
        Assert.True(code == 0, error);
        Assert.Equal("bytes=500000-", _hub.Requests.Single().Range);
        Assert.Equal(stories, await File.ReadAllBytesAsync(Path.Combine(_models.FullName, "stories260K.gguf")));
    }

    [Fact]
    public async Task A_name_not_in_the_catalog_fails_and_lists_close_names()
    {
        var (code, _, error) = await OmniaAsync("pull", "storys260k", "--models-dir", _models.FullName, "--hf-endpoint", _hub.BaseAddress.AbsoluteUri);

        Assert.Equal(1, code);
        Assert.Contains("'storys260k' is not in the model catalog (close names: stories260k", error);
        Assert.Contains("stories260k", error);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task The_moderation_guard_is_pulled_by_name_and_listed_with_its_role()
    {
        // stories260K's bytes stand in for the guard's: the catalog pins no hash for it, so the pull records one.
        _hub.Serve("QuantFactory/Llama-Guard-3-1B-GGUF/resolve/main/Llama-Guard-3-1B.Q4_K_M.gguf", await File.ReadAllBytesAsync(TestPaths.Stories260K));

        var (code, _, error) = await OmniaAsync("pull", "llama-guard-3-1b", "--models-dir", _models.FullName, "--hf-endpoint", _hub.BaseAddress.AbsoluteUri);
        var (_, listing, _) = await OmniaAsync("models", "--models-dir", _models.FullName);

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(_models.FullName, "Llama-Guard-3-1B.Q4_K_M.gguf")));
        Assert.Matches(@"llama-guard-3-1b\s+moderation\s+installed", listing);
    }

    [Fact]
    public async Task A_file_missing_upstream_fails_with_one_line_naming_it()
    {
        var (code, _, error) = await OmniaAsync("pull", "whisper-tiny", "--models-dir", _models.FullName, "--hf-endpoint", _hub.BaseAddress.AbsoluteUri);

        Assert.Equal(1, code);
        Assert.Equal("error: whisper-tiny: ggml-tiny.bin not found upstream", error.Trim().Split(" (")[0]);
    }

    [Fact]
    public async Task Pull_with_hf_cache_stores_the_file_in_the_hub_cache_layout_and_links_it_into_the_models_dir()
    {
        const string Sha256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
        const string Commit = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
        _hub.RepoCommit = Commit;
        var hubCache = Path.Combine(_cache.FullName, "hub");
        var environment = new Dictionary<string, string> { ["HF_HUB_CACHE"] = hubCache };

        var (code, output, error) = await OmniaAsync(environment, "pull", "stories260k", "--hf-cache", "--models-dir", _models.FullName, "--hf-endpoint", _hub.BaseAddress.AbsoluteUri);
        var (again, _, _) = await OmniaAsync(environment, "pull", "stories260k", "--hf-cache", "--models-dir", _models.FullName, "--hf-endpoint", _hub.BaseAddress.AbsoluteUri);

        Assert.True(code == 0, error);
        var repo = Path.Combine(hubCache, "models--ggml-org--tiny-llamas");
        var snapshot = Path.Combine(repo, "snapshots", Commit, "stories260K.gguf");
        Assert.Equal($"../../blobs/{Sha256}", new FileInfo(snapshot).LinkTarget);
        Assert.Equal(Commit, await File.ReadAllTextAsync(Path.Combine(repo, "refs", "main")));
        Assert.Equal(snapshot, new FileInfo(Path.Combine(_models.FullName, "stories260K.gguf")).LinkTarget);
        Assert.Contains($"(downloads stored in the Hugging Face cache {hubCache})", output);
        Assert.Equal(0, again);
        Assert.Single(_hub.Requests);
    }

    private Task<(int Code, string Output, string Error)> OmniaAsync(params string[] arguments) =>
        OmniaAsync(new Dictionary<string, string>(), arguments);

    private async Task<(int Code, string Output, string Error)> OmniaAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "omnia.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("HF_ENDPOINT");
        start.Environment.Remove("HF_TOKEN");
        start.Environment["XDG_CACHE_HOME"] = _cache.FullName;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
