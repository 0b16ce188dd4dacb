using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;

namespace Omnia.Bench;

/// <summary>The engine's ceiling: one context, one sequence, a <c>llama_decode</c> per token, greedy.</summary>
internal static class RawDecodeBench
{
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

        // The first decode allocates the compute graph; time the second.
        Decode(context, batch, prompt, 0);
        context.NativeHandle.MemoryClear(true);

        // An idle model is what a server sees between requests; the kernel may drop its mapped pages meanwhile.
        Thread.Sleep(idleBeforeTiming);
        var clock = Stopwatch.StartNew();
        Decode(context, batch, prompt, 0);
        var promptSeconds = clock.Elapsed.TotalSeconds;

        var perToken = new List<double>(options.Tokens);
        var decodeClock = Stopwatch.StartNew();
        var position = prompt.Length;
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
