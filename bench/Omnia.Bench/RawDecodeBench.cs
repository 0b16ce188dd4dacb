using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;

namespace Omnia.Bench;

/// <summary>The engine's ceiling: one context, one sequence, a <c>llama_decode</c> per token, greedy.</summary>
/// <remarks>
/// Runs on a dedicated thread, as a server's inference loop does. On a shared machine single tokens can stall
/// for seconds (ggml's OpenMP workers spin while a peer is descheduled), so the report shows percentiles and
/// the throughput the median token implies next to the wall-clock rate.
/// </remarks>
internal static class RawDecodeBench
{
    private const int WarmUpTokens = 2;
    private const int PromptRepeats = 3;

    /// <summary>Runs <see cref="Run"/> on a thread of its own.</summary>
    public static Task<RawDecodeResult> RunOnDedicatedThreadAsync(
        LLamaWeights weights,
        string modelPath,
        string loadMode,
        double loadSeconds,
        LlmBenchOptions options,
        TimeSpan budget,
        TimeSpan idleBeforeTiming = default) =>
        Task.Factory.StartNew(
            () => Run(weights, modelPath, loadMode, loadSeconds, options, budget, idleBeforeTiming),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    public static RawDecodeResult Run(
        LLamaWeights weights,
        string modelPath,
        string loadMode,
        double loadSeconds,
        LlmBenchOptions options,
        TimeSpan budget,
        TimeSpan idleBeforeTiming = default)
    {
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)(options.PromptTokens + options.Tokens + 64),
            BatchSize = (uint)Math.Max(512, options.PromptTokens),
            UBatchSize = (uint)Math.Max(512, options.PromptTokens),
            SeqMax = 1,
            Threads = options.Threads,
            BatchThreads = options.Threads,
        };
        using var context = weights.CreateContext(parameters);
        var prompt = PromptTokens.Take(weights, options.PromptTokens);
        var batch = new LLamaBatch();

        // The first decode allocates the compute graph and is not timed.
        Decode(context, batch, prompt, 0);
        context.NativeHandle.MemoryClear(true);

        // An idle model is what a server sees between requests; the kernel may drop its mapped pages meanwhile.
        Thread.Sleep(idleBeforeTiming);

        // One prompt is a single sample, so take the median of a few: one stall would otherwise decide the number.
        var promptTimings = new List<double>(PromptRepeats);
        for (var i = 0; i < PromptRepeats; i++)
        {
            if (i > 0)
            {
                context.NativeHandle.MemoryClear(true);
            }

            var clock = Stopwatch.StartNew();
            Decode(context, batch, prompt, 0);
            promptTimings.Add(clock.Elapsed.TotalSeconds);
        }

        var promptSeconds = LatencyStats.Of(promptTimings).P50;

        // Likewise the first single-token decodes; the batched bench warms up the same way.
        var position = prompt.Length;
        for (var i = 0; i < WarmUpTokens; i++)
        {
            Decode(context, batch, [Greedy.Pick(context.NativeHandle.GetLogitsIth(batch.TokenCount - 1))], position++);
        }

        var perToken = new List<double>(options.Tokens);
        var decodeClock = Stopwatch.StartNew();
        var stoppedByBudget = false;
        while (perToken.Count < options.Tokens)
        {
            if (decodeClock.Elapsed > budget)
            {
                stoppedByBudget = true;
                break;
            }

            var start = Stopwatch.GetTimestamp();
            var next = Greedy.Pick(context.NativeHandle.GetLogitsIth(batch.TokenCount - 1));
            Decode(context, batch, [next], position++);
            perToken.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return new RawDecodeResult(
            loadMode,
            loadSeconds,
            prompt.Length,
            prompt.Length / promptSeconds,
            perToken.Count,
            perToken.Count / decodeClock.Elapsed.TotalSeconds,
            LatencyStats.Of(perToken),
            stoppedByBudget,
            SystemLoad.OneMinute());
    }

    private static void Decode(LLamaContext context, LLamaBatch batch, ReadOnlySpan<LLamaToken> tokens, int start)
    {
        batch.Clear();
        batch.AddRange(tokens, start, LLamaSeqId.Zero, true);
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new LLamaDecodeError(result);
        }
    }
}
