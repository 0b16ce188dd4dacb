using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Omnia.Bench;

/// <summary>Runs every phase of the <c>llm</c> bench in order, each bounded by the token count.</summary>
internal static class LlmBench
{
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromMinutes(3);

    public static async Task<LlmBenchReport> RunAsync(LlmBenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var modelPath = BenchModelCache.Ensure(options, log);
        var report = new LlmBenchReport(options, modelPath);

        using (var weights = Load(modelPath, LLamaLoadMode.None, out var loadSeconds))
        {
            log.WriteLine($"raw: load mode none, loaded in {loadSeconds:F1} s");
            report.Raw.Add(await MedianOfAsync(options.Repeat,
                () => RawDecodeBench.RunOnDedicatedThreadAsync(weights, modelPath, "none", loadSeconds, options, TimeSpan.MaxValue),
                r => r.DecodeTokensPerSecond));
            foreach (var conversations in options.Concurrency)
            {
                log.WriteLine($"batched: {conversations} sequences x {options.Tokens} tokens");
                report.Batched.Add(await MedianOfAsync(options.Repeat,
                    () => BatchedDecodeBench.RunOnDedicatedThreadAsync(weights, modelPath, options, conversations),
                    b => b.AggregateTokensPerSecond));
            }
        }

        if (options.Mmap)
        {
            using var weights = Load(modelPath, LLamaLoadMode.MemoryMap, out var loadSeconds);
            log.WriteLine($"raw: load mode mmap (default), loaded in {loadSeconds:F1} s, decode capped at {options.MmapBudget.TotalSeconds:F0} s");
            report.Raw.Add(await RawDecodeBench.RunOnDedicatedThreadAsync(weights, modelPath, "mmap (default)", loadSeconds, options, options.MmapBudget));
            if (options.MmapIdle > TimeSpan.Zero)
            {
                log.WriteLine($"raw: load mode mmap, measured again after {options.MmapIdle.TotalSeconds:F0} s idle");
                report.Raw.Add(await RawDecodeBench.RunOnDedicatedThreadAsync(
                    weights, modelPath, $"mmap, {options.MmapIdle.TotalSeconds:F0} s idle", loadSeconds, options, options.MmapBudget, options.MmapIdle));
            }
        }

        if (!options.Http)
        {
            report.HttpSkippedBecause = "--no-http";
            return report;
        }

        try
        {
            await RunHttpAsync(options, modelPath, report, log, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or HttpRequestException or TimeoutException)
        {
            // The engine tables are still worth printing when the server is missing or broken.
            report.HttpFailure = e.Message;
        }

        return report;
    }

    private static async Task RunHttpAsync(
        LlmBenchOptions options, string modelPath, LlmBenchReport report, TextWriter log, CancellationToken cancellationToken)
    {
        if (options.ServerUrl is { } url)
        {
            log.WriteLine($"http: measuring the server at {url}");
            await MeasureHttpAsync(url, options, report, log, cancellationToken);
            return;
        }

        log.WriteLine($"http: starting {options.CliDll} serve");
        await using var server = await OmniaServerProcess.StartAsync(
            options.CliDll, modelPath, options.Concurrency.Max(), options.ContextSize, ServerStartTimeout, cancellationToken);
        try
        {
            await MeasureHttpAsync(server.BaseAddress, options, report, log, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}server output:{Environment.NewLine}{server.OutputTail()}", e);
        }
    }

    private static async Task MeasureHttpAsync(
        Uri baseAddress, LlmBenchOptions options, LlmBenchReport report, TextWriter log, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var model = await HttpStreamBench.FirstModelIdAsync(client, cancellationToken);
        var bench = new HttpStreamBench(client, model);
        // A server in use has compiled its hot paths: the tiered JIT needs a few hundred tokens through every layer
        // (and a concurrent round) before the per-token path stops being recompiled in the background.
        log.WriteLine($"http: model {model}, warm-up: one stream of {options.Tokens} tokens, then {options.Concurrency.Max()} streams of 16");
        await bench.StreamOnceAsync(options.Tokens, 0, cancellationToken);
        await bench.RunAsync(options.Concurrency.Max(), 16, cancellationToken);
        foreach (var concurrency in options.Concurrency)
        {
            log.WriteLine($"http: {concurrency} streams x {options.Tokens} tokens");
            report.Http.Add(await MedianOfAsync(options.Repeat, () => bench.RunAsync(concurrency, options.Tokens, cancellationToken), h => h.TokensPerSecond));
        }
    }

    /// <summary>Runs a measurement <paramref name="times"/> times and keeps the run of median throughput.</summary>
    private static async Task<T> MedianOfAsync<T>(int times, Func<Task<T>> measure, Func<T, double> throughput)
    {
        var runs = new List<T>(times);
        for (var i = 0; i < times; i++)
        {
            runs.Add(await measure());
        }

        return runs.OrderBy(throughput).ElementAt(runs.Count / 2);
    }

    private static LLamaWeights Load(string modelPath, LLamaLoadMode mode, out double seconds)
    {
        var clock = Stopwatch.StartNew();
        var weights = LLamaWeights.LoadFromFile(new ModelParams(modelPath) { LoadMode = mode, GpuLayerCount = 0 });
        seconds = clock.Elapsed.TotalSeconds;
        return weights;
    }
}
