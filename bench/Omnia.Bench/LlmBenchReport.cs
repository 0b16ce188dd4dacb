using System.Runtime.InteropServices;
using System.Text;

namespace Omnia.Bench;

/// <summary>Everything one <c>llm</c> run measured, printed as markdown tables.</summary>
internal sealed class LlmBenchReport(LlmBenchOptions options, string modelPath)
{
    public List<RawDecodeResult> Raw { get; } = [];

    public List<BatchedDecodeResult> Batched { get; } = [];

    public List<HttpStreamResult> Http { get; } = [];

    public string? HttpSkippedBecause { get; set; }

    /// <summary>Why the HTTP phase failed, if it did.</summary>
    public string? HttpFailure { get; set; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"## LLM bench: {options.Shape.Name} shapes, random weights, {options.WeightType}")
            .AppendLine()
            .AppendLine($"{Environment.ProcessorCount} cores ({RuntimeInformation.OSDescription}), {options.Threads} threads, "
                        + $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "unset"}, "
                        + $"{options.Tokens} tokens per stream, prompt {options.PromptTokens} tokens, "
                        + $"context {options.ContextSize}, model {Path.GetFileName(modelPath)} "
                        + $"({new FileInfo(modelPath).Length / 1048576.0:F0} MiB, {options.Shape.ParameterCount / 1e6:F0}M parameters). "
                        + "loadavg is the 1-minute load average after each phase: above the core count, other work shared the CPU. "
                        + "\"at p50\" columns are the throughput the median step implies, which such sharing disturbs least.")
            .AppendLine();

        var raw = new MarkdownTable(
            "load mode", "load s", "prompt tok/s", "decode tok/s", "tok/s at p50", "tokens", "p50 ms/token", "p95 ms/token", "max ms/token", "loadavg");
        foreach (var r in Raw)
        {
            raw.Add(r.LoadMode, r.LoadSeconds, r.PromptTokensPerSecond, r.DecodeTokensPerSecond, AtMedian(r.PerToken, 1),
                r.StoppedByBudget ? $"{r.DecodedTokens} (time cap)" : r.DecodedTokens,
                r.PerToken.P50, r.PerToken.P95, r.PerToken.Max, r.LoadAverage);
        }

        text.AppendLine("### Raw engine: one context, `llama_decode` per token, greedy").AppendLine().Append(raw).AppendLine();

        var batched = new MarkdownTable(
            "sequences", "tokens", "seconds", "aggregate tok/s", "tok/s at p50", "per stream tok/s", "p50 ms/step", "p95 ms/step", "loadavg");
        foreach (var b in Batched)
        {
            batched.Add(b.Conversations, b.Tokens, b.Seconds, b.AggregateTokensPerSecond, AtMedian(b.PerStep, b.Conversations),
                b.AggregateTokensPerSecond / b.Conversations, b.PerStep.P50, b.PerStep.P95, b.LoadAverage);
        }

        text.AppendLine("### Batched engine: one synchronous `llama_decode` per step over every sequence, greedy").AppendLine().Append(batched).AppendLine();

        if (HttpFailure is not null)
        {
            text.AppendLine("### HTTP: failed").AppendLine().AppendLine("```").AppendLine(HttpFailure.Trim()).AppendLine("```");
            return text.ToString();
        }

        if (HttpSkippedBecause is not null)
        {
            text.AppendLine($"### HTTP: skipped ({HttpSkippedBecause})").AppendLine();
            return text.ToString();
        }

        var concurrency = new MarkdownTable(
            "concurrency", "engine tok/s", "http tok/s", "ratio", "ratio at p50", "http tok/s incl. admission", "http p50 ms/token",
            "http p95 ms/token", "short streams", "loadavg");
        foreach (var h in Http)
        {
            var engine = Batched.FirstOrDefault(b => b.Conversations == h.Concurrency);
            var engineTokens = engine?.AggregateTokensPerSecond ?? double.NaN;
            var engineAtMedian = engine is null ? double.NaN : AtMedian(engine.PerStep, engine.Conversations);
            concurrency.Add(h.Concurrency, engineTokens, h.TokensPerSecond, h.TokensPerSecond / engineTokens,
                AtMedian(h.InterToken, h.Concurrency) / engineAtMedian, h.WholeTokensPerSecond, h.InterToken.P50, h.InterToken.P95,
                h.ShortStreams, h.LoadAverage);
        }

        text.AppendLine("### HTTP streams against the batched engine at the same batch (target ratio ≥ 0.95)")
            .AppendLine()
            .AppendLine("http tok/s counts the chunks that arrived while every stream was running (from the last stream's first "
                        + "chunk to the first stream's last), the same state the engine phase times; \"incl. admission\" spans "
                        + "the earliest first chunk to the latest last, so it also holds the steps that prefilled later streams' prompts.")
            .AppendLine().Append(concurrency).AppendLine();

        var rawDecode = Raw.FirstOrDefault(r => r.LoadMode == "none");
        var single = Http.FirstOrDefault(h => h.Concurrency == 1);
        if (rawDecode is not null && single is not null)
        {
            var table = new MarkdownTable(
                    "raw decode tok/s", "http tok/s", "ratio", "ratio at p50", "raw p50 ms", "http p50 ms", "raw p95 ms", "http p95 ms")
                .Add(rawDecode.DecodeTokensPerSecond, single.TokensPerSecond, single.TokensPerSecond / rawDecode.DecodeTokensPerSecond,
                    rawDecode.PerToken.P50 / single.InterToken.P50,
                    rawDecode.PerToken.P50, single.InterToken.P50, rawDecode.PerToken.P95, single.InterToken.P95);
            text.AppendLine("### One HTTP stream against raw decode (target ratio ≥ 0.95)").AppendLine().Append(table).AppendLine();
        }

        return text.ToString();
    }

    // Throughput implied by the median step: robust to the multi-second stalls other work causes on a shared VM.
    private static double AtMedian(LatencyStats stats, int tokensPerStep) => tokensPerStep * 1000.0 / stats.P50;
}
