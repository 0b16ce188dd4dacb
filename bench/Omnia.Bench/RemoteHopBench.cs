using System.Diagnostics;

namespace Omnia.Bench;

/// <summary>
/// The cost of the remote hop: the same streams straight from an Omnia serving the model, and through a second
/// Omnia that has the first as its upstream (real HTTP both ways). Prints tokens/s both ways and the ratio.
/// </summary>
internal static class RemoteHopBench
{
    public static async Task<string> RunAsync(LlmBenchOptions options, int[] concurrency, TextWriter log, CancellationToken cancellationToken)
    {
        var model = BenchModelCache.Ensure(options, log);
        var maxContext = options.Tokens + 256;
        log.WriteLine("remote: starting the backend server");
        await using var backend = await OmniaServerProcess.StartAsync(options.CliDll, model, 16, maxContext, TimeSpan.FromMinutes(3), cancellationToken);
        using var backendHttp = new HttpClient { BaseAddress = backend.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var backendModel = await HttpStreamBench.FirstModelIdAsync(backendHttp, cancellationToken);
        log.WriteLine("remote: starting the front server (upstream = backend)");
        await using var front = await OmniaServerProcess.StartAsync(options.CliDll, model, 1, 256, TimeSpan.FromMinutes(3), cancellationToken,
            "--upstream", $"remote={backend.BaseAddress}v1,model={backendModel},timeout=600");
        using var frontHttp = new HttpClient { BaseAddress = front.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };

        var direct = new HttpStreamBench(backendHttp, backendModel);
        var hop = new HttpStreamBench(frontHttp, "remote");
        await direct.StreamOnceAsync(16, 0, cancellationToken);
        await hop.StreamOnceAsync(16, 0, cancellationToken);

        var table = new MarkdownTable("streams", "direct tok/s", "through the hop tok/s", "ratio", "direct first-token ms p50", "hop first-token ms p50", "loadavg");
        foreach (var streams in concurrency)
        {
            log.WriteLine($"remote: {streams} streams direct, then through the hop");
            var (directRate, directFirst) = await MeasureAsync(direct, streams, options.Tokens, cancellationToken);
            var (hopRate, hopFirst) = await MeasureAsync(hop, streams, options.Tokens, cancellationToken);
            table.Add(streams, directRate.ToString("0.0"), hopRate.ToString("0.0"), (hopRate / directRate).ToString("0.000"),
                directFirst.ToString("0"), hopFirst.ToString("0"), SystemLoad.OneMinute().ToString("0.0"));
        }
        return $"## Remote hop: Omnia → Omnia against Omnia directly ({Path.GetFileName(model)}, {options.Tokens} tokens a stream)\n\n{table}\n";
    }

    private static async Task<(double TokensPerSecond, double FirstTokenMs)> MeasureAsync(HttpStreamBench bench, int streams, int tokens, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var traces = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => bench.StreamOnceAsync(tokens, i + 1, cancellationToken)));
        var first = traces.Min(t => t.First);
        var last = traces.Max(t => t.Last);
        var counted = traces.Sum(t => t.Chunks - 1);
        var seconds = (last - first) / (double)Stopwatch.Frequency;
        var firstMs = traces.Select(t => (t.First - started) * 1000.0 / Stopwatch.Frequency).Order().ElementAt(traces.Length / 2);
        return (counted / seconds, firstMs);
    }
}
