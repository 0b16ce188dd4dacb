using System.Security.Cryptography;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Models.Download;
using Omnia.Tests;

namespace Omnia.Core.Tests.Models.Download;

public sealed class ModelDownloaderTests : IAsyncLifetime
{
    private const string Repo = "test-org/test-models";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("omnia-pull-");
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(300_000);
    private HubMirrorServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubMirrorServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static CatalogEntry Entry(string name, string file, string? sha256 = null, long? size = null, IReadOnlyList<string>? companions = null) => new()
    {
        Name = name,
        Role = ModelRole.Chat,
        File = file,
        Sha256 = sha256,
        Size = size,
        Companions = companions ?? [],
        Source = new ModelSource { Repo = Repo, Path = "weights/" + file },
    };

    private ModelStore Store(params CatalogEntry[] entries) => new(_directory.FullName, new ModelCatalog(entries), new VerificationLedger(null));

    private ModelDownloader Downloader(ModelStore store, Func<ModelDownloadOptions, ModelDownloadOptions>? configure = null)
    {
        var options = new ModelDownloadOptions { Endpoint = new Uri(_hub.BaseAddress, "hf/"), RetryDelay = TimeSpan.Zero, ProgressInterval = TimeSpan.Zero };
        return new ModelDownloader(store, configure?.Invoke(options) ?? options);
    }

    private static string HubPath(string file) => $"hf/{Repo}/resolve/main/weights/{file}";

    private string Installed(string file) => Path.Combine(_directory.FullName, file);

    [Fact]
    public async Task A_file_is_downloaded_verified_and_renamed_into_place_then_left_alone()
    {
        var entry = Entry("model", "model.gguf", Sha(_content), _content.Length);
        _hub.Serve(HubPath("model.gguf"), _content);
        using var downloader = Downloader(Store(entry));
        var reports = new List<ModelDownloadProgress>();

        var first = await downloader.PullOneAsync(entry, new SynchronousProgress(reports.Add));
        var second = await downloader.PullOneAsync(entry);

        Assert.Equal((ModelPullOutcome.Downloaded, Sha(_content)), (first.Outcome, first.Sha256));
        Assert.Equal(_content, await File.ReadAllBytesAsync(Installed("model.gguf")));
        Assert.False(File.Exists(Installed("model.gguf") + ModelStore.PartialSuffix));
        Assert.Equal(ModelPullOutcome.AlreadyInstalled, second.Outcome);
        Assert.Single(_hub.Requests);
        Assert.Contains(reports, r => r.Phase == ModelDownloadPhase.Downloading && r.TotalBytes == _content.Length);
        Assert.Equal((ModelDownloadPhase.Done, (long)_content.Length), (reports[^1].Phase, reports[^1].Bytes));
    }

    [Fact]
    public async Task A_redirect_is_followed_and_the_token_stays_on_the_hub_host()
    {
        var entry = Entry("model", "model.gguf", Sha(_content));
        _hub.Redirect(HubPath("model.gguf"), new Uri(_hub.OtherHostAddress, "cdn/blob-1"));
        _hub.Serve("cdn/blob-1", _content);
        using var downloader = Downloader(Store(entry), o => o with { Token = "hf_secret" });

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Downloaded, result.Outcome);
        var requests = _hub.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(("127.0.0.1", "Bearer hf_secret"), (requests[0].Host, requests[0].Authorization));
        Assert.Equal(("localhost", ""), (requests[1].Host, requests[1].Authorization));
    }

    [Fact]
    public async Task A_wrong_hash_is_refused_and_the_file_already_there_is_not_replaced()
    {
        var entry = Entry("model", "model.gguf", Sha(_content));
        var upstream = RandomNumberGenerator.GetBytes(1000);
        var old = RandomNumberGenerator.GetBytes(10);
        await File.WriteAllBytesAsync(Installed("model.gguf"), old);
        _hub.Serve(HubPath("model.gguf"), upstream);
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.Contains($"SHA-256 {Sha(upstream)}", result.Error);
        Assert.Contains("not installed", result.Error);
        Assert.Equal(old, await File.ReadAllBytesAsync(Installed("model.gguf")));
        Assert.False(File.Exists(Installed("model.gguf") + ModelStore.PartialSuffix));
    }

    [Fact]
    public async Task An_interrupted_transfer_is_resumed_by_the_next_run_with_a_range_request()
    {
        var entry = Entry("model", "model.gguf", Sha(_content), _content.Length);
        _hub.Serve(HubPath("model.gguf"), _content, HubFault.CutAfter, faultAfterBytes: 100_000, faultTimes: 1);
        using var downloader = Downloader(Store(entry), o => o with { MaxAttempts = 1 });

        var first = await downloader.PullOneAsync(entry);
        var partial = new FileInfo(Installed("model.gguf") + ModelStore.PartialSuffix);
        Assert.Equal(ModelPullOutcome.Failed, first.Outcome);
        Assert.Contains("kept for resuming", first.Error);
        Assert.Equal(ModelFileStatus.Partial, Store(entry).List().Single().Status);
        Assert.True(partial.Length >= 100_000 - 1, $"partial holds {partial.Length} bytes");

        var second = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Downloaded, second.Outcome);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Installed("model.gguf")));
        Assert.Equal($"bytes={partial.Length}-", _hub.Requests.Last().Range);
    }

    [Fact]
    public async Task A_cut_transfer_is_resumed_within_the_same_pull_when_retries_are_allowed()
    {
        var entry = Entry("model", "model.gguf", Sha(_content), _content.Length);
        _hub.Serve(HubPath("model.gguf"), _content, HubFault.CutAfter, faultAfterBytes: 150_000, faultTimes: 1);
        using var downloader = Downloader(Store(entry), o => o with { MaxAttempts = 2 });

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Downloaded, result.Outcome);
        var ranges = _hub.Requests.Select(r => r.Range).ToList();
        Assert.Equal(2, ranges.Count);
        Assert.Equal("", ranges[0]);
        Assert.Matches("^bytes=[1-9][0-9]*-$", ranges[1]);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Installed("model.gguf")));
    }

    [Fact]
    public async Task A_server_that_ignores_the_range_restarts_the_file_from_the_beginning()
    {
        var entry = Entry("model", "model.gguf", Sha(_content), _content.Length);
        await File.WriteAllBytesAsync(Installed("model.gguf") + ModelStore.PartialSuffix, _content[..5000]);
        _hub.Serve(HubPath("model.gguf"), _content, HubFault.IgnoreRange);
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Downloaded, result.Outcome);
        Assert.Equal("bytes=5000-", _hub.Requests.Single().Range);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Installed("model.gguf")));
    }

    [Fact]
    public async Task A_partial_file_that_is_already_complete_is_verified_and_installed_without_a_request()
    {
        var entry = Entry("model", "model.gguf", Sha(_content), _content.Length);
        await File.WriteAllBytesAsync(Installed("model.gguf") + ModelStore.PartialSuffix, _content);
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Downloaded, result.Outcome);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Installed("model.gguf")));
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task A_complete_partial_of_unknown_size_is_finished_by_the_servers_416()
    {
        var entry = Entry("model", "model.gguf", Sha(_content));
        await File.WriteAllBytesAsync(Installed("model.gguf") + ModelStore.PartialSuffix, _content);
        _hub.Serve(HubPath("model.gguf"), _content);
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Downloaded, result.Outcome);
        Assert.Equal($"bytes={_content.Length}-", _hub.Requests.Single().Range);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Installed("model.gguf")));
    }

    [Fact]
    public async Task A_missing_upstream_file_says_not_found_upstream()
    {
        var entry = Entry("model", "model.gguf");
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.Contains("not found upstream", result.Error);
        Assert.False(File.Exists(Installed("model.gguf")));
    }

    [Fact]
    public async Task A_server_that_stalls_mid_transfer_times_out_instead_of_hanging()
    {
        var entry = Entry("model", "model.gguf", Sha(_content));
        _hub.Serve(HubPath("model.gguf"), _content, HubFault.StallAfter, faultAfterBytes: 1000);
        using var downloader = Downloader(Store(entry), o => o with { IdleTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 1 });

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.Contains("sent nothing for 0.3 s", result.Error);
    }

    [Fact]
    public async Task A_stall_fails_after_the_default_idle_timeout_of_the_injected_clock()
    {
        var entry = Entry("model", "model.gguf", Sha(_content));
        _hub.Serve(HubPath("model.gguf"), _content, HubFault.StallAfter, faultAfterBytes: 1000);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var downloader = new ModelDownloader(Store(entry), new ModelDownloadOptions { Endpoint = new Uri(_hub.BaseAddress, "hf/"), MaxAttempts = 1, ProgressInterval = TimeSpan.Zero }, time);
        var receiving = new TaskCompletionSource();

        var pull = downloader.PullOneAsync(entry, new SynchronousProgress(p =>
        {
            if (p is { Phase: ModelDownloadPhase.Downloading, Bytes: 1000 }) receiving.TrySetResult();
        }));
        await receiving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        while (!pull.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(31));
            await Task.WhenAny(pull, Task.Delay(20));
        }

        Assert.Contains("sent nothing for 30 s (stalled after 1000 bytes)", (await pull).Error);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        var entry = Entry("model", "model.gguf");
        _hub.Serve(HubPath("model.gguf"), _content, HubFault.NoHeaders);
        using var downloader = Downloader(Store(entry), o => o with { ResponseTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 1 });

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.Contains("did not answer within 0.3 s", result.Error);
    }

    [Fact]
    public async Task Without_a_catalog_hash_the_hub_reported_sha256_is_checked_and_recorded()
    {
        var entry = Entry("model", "model.gguf");
        _hub.Redirect(HubPath("model.gguf"), new Uri(_hub.BaseAddress, "cdn/blob-2"), Sha(_content), _content.Length);
        _hub.Serve("cdn/blob-2", _content);
        var store = Store(entry);
        using var downloader = Downloader(store);

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal((ModelPullOutcome.Downloaded, Sha(_content)), (result.Outcome, result.Sha256));
        Assert.Equal($"{Sha(_content)}  model.gguf\n", await File.ReadAllTextAsync(Installed("model.gguf") + ModelStore.Sha256Suffix));
        Assert.Equal(Sha(_content), Store(entry).ExpectedSha256(entry));

        // A later run verifies against the recorded hash: a changed file is refused.
        var corrupted = (byte[])_content.Clone();
        corrupted[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(Installed("model.gguf"), corrupted);
        Assert.Throws<ModelIntegrityException>(() => Store(entry).Resolve("model", ModelRole.Chat));
    }

    [Fact]
    public async Task A_download_that_differs_from_the_hub_reported_sha256_is_refused()
    {
        var entry = Entry("model", "model.gguf");
        _hub.Redirect(HubPath("model.gguf"), new Uri(_hub.BaseAddress, "cdn/blob-3"), Sha([1, 2, 3]));
        _hub.Serve("cdn/blob-3", _content);
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.Contains("reported", result.Error);
        Assert.False(File.Exists(Installed("model.gguf")));
    }

    [Fact]
    public async Task A_catalog_hash_that_the_hub_contradicts_fails_before_downloading()
    {
        var entry = Entry("model", "model.gguf", Sha(_content));
        _hub.Redirect(HubPath("model.gguf"), new Uri(_hub.BaseAddress, "cdn/blob-4"), Sha([4, 5, 6]));
        _hub.Serve("cdn/blob-4", _content);
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.Contains("changed upstream", result.Error);
        Assert.DoesNotContain(_hub.Requests, r => r.Path.Contains("blob-4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_disk_is_a_clear_error()
    {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        var entry = Entry("model", "model.gguf", Sha(_content));
        File.CreateSymbolicLink(Installed("model.gguf") + ModelStore.PartialSuffix, "/dev/full");
        _hub.Serve(HubPath("model.gguf"), _content);
        using var downloader = Downloader(Store(entry));

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.Contains($"cannot write to {_directory.FullName}", result.Error);
        Assert.Contains("No space left on device", result.Error);
        Assert.False(File.Exists(Installed("model.gguf")));
    }

    [Fact]
    public async Task An_unreachable_hub_is_a_one_line_error_naming_the_host()
    {
        var entry = Entry("model", "model.gguf");
        using var downloader = new ModelDownloader(Store(entry), new ModelDownloadOptions { Endpoint = new Uri($"http://127.0.0.1:{ClosedLoopbackPort()}/") });

        var result = await downloader.PullOneAsync(entry);

        Assert.Equal(ModelPullOutcome.Failed, result.Outcome);
        Assert.StartsWith("model: cannot reach 127.0.0.1", result.Error);
        Assert.DoesNotContain('\n', result.Error!);
    }

    [Fact]
    public async Task Several_files_download_in_parallel_within_the_limit_with_their_companions()
    {
        var files = Enumerable.Range(0, 4).Select(i => (Name: $"m{i}", File: $"m{i}.bin", Bytes: RandomNumberGenerator.GetBytes(200_000 + i))).ToList();
        var entries = files.Select((f, i) => Entry(f.Name, f.File, Sha(f.Bytes), companions: i == 0 ? ["m3"] : null)).ToArray();
        foreach (var f in files) _hub.Serve(HubPath(f.File), f.Bytes);
        using var downloader = Downloader(Store(entries), o => o with { MaxParallelFiles = 2 });

        var resolved = downloader.Resolve(["m0", "m1", "m2"]);
        var results = await downloader.PullAsync(resolved);

        Assert.Equal(["m0", "m3", "m1", "m2"], resolved.Select(e => e.Name));
        Assert.All(results, r => Assert.Equal(ModelPullOutcome.Downloaded, r.Outcome));
        foreach (var f in files) Assert.Equal(f.Bytes, await File.ReadAllBytesAsync(Installed(f.File)));
        Assert.InRange(_hub.MostInFlight, 1, 2);
    }

    [Fact]
    public void A_name_not_in_the_catalog_lists_close_names()
    {
        using var downloader = new ModelDownloader(new ModelStore(_directory.FullName, ModelCatalog.BuiltIn, new VerificationLedger(null)));

        var error = Assert.Throws<ModelNotFoundException>(() => downloader.Resolve(["whisper-bse", "stories260k", "sileroo-vad"]));

        Assert.Contains("'whisper-bse' is not in the model catalog (close names: whisper-base", error.Message);
        Assert.Contains("'sileroo-vad' is not in the model catalog (close names: silero-vad", error.Message);
    }

    [Fact]
    public async Task The_real_stories260k_file_comes_through_a_mirror_with_its_catalog_hash()
    {
        _hub.Serve("ggml-org/tiny-llamas/resolve/main/stories260K.gguf", await File.ReadAllBytesAsync(TestPaths.Stories260K));
        using var downloader = new ModelDownloader(
            new ModelStore(_directory.FullName, ModelCatalog.BuiltIn, new VerificationLedger(null)),
            ModelDownloadOptions.FromEnvironment(_hub.BaseAddress.AbsoluteUri, token: null));

        var results = await downloader.PullAsync(["stories260k"]);

        Assert.Equal(ModelPullOutcome.Downloaded, results.Single().Outcome);
        Assert.Equal("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d", results.Single().Sha256);
        Assert.False(File.Exists(Installed("stories260K.gguf") + ModelStore.Sha256Suffix));
    }

    /// <summary>IProgress that reports on the caller's thread, so the list is complete when the pull returns.</summary>
    private sealed class SynchronousProgress(Action<ModelDownloadProgress> report) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value) => report(value);
    }

    /// <summary>A loopback port that was free a moment ago: nothing listens there, so connecting is refused.</summary>
    private static int ClosedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
