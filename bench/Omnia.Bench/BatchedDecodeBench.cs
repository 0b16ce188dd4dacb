using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;

namespace Omnia.Bench;

/// <summary>
/// The engine's batched ceiling: N sequences prompted together, then one synchronous <c>llama_decode</c> per step
/// with a greedy token for each, on a dedicated thread — the loop a server with continuous batching runs, without
/// the server.
/// </summary>
internal static class BatchedDecodeBench
{
    private const int WarmUpSteps = 2;

    /// <summary>Runs <see cref="Run"/> on a thread of its own: ggml's OpenMP team belongs to the thread that decodes.</summary>
    public static Task<BatchedDecodeResult> RunOnDedicatedThreadAsync(LLamaWeights weights, string modelPath, LlmBenchOptions options, int sequences) =>
        Task.Factory.StartNew(
            () => Run(weights, modelPath, options, sequences),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    public static BatchedDecodeResult Run(LLamaWeights weights, string modelPath, LlmBenchOptions options, int sequences)
    {
        var prompt = weights.Tokenize(LlmBenchOptions.StreamPrompt, true, false, Encoding.UTF8);
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)options.ContextSize,
            BatchSize = (uint)Math.Max(512, prompt.Length * sequences),
            UBatchSize = 512,
            SeqMax = (uint)sequences,
            Threads = options.Threads,
            BatchThreads = options.Threads,
        };
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        var sampleAt = new int[sequences];
        var next = new LLamaToken[sequences];

        batch.Clear();
        for (var s = 0; s < sequences; s++)
        {
            batch.AddRange(prompt, 0, (LLamaSeqId)s, true);
            sampleAt[s] = batch.TokenCount - 1;
        }
        Decode(context, batch);
        var position = prompt.Length;

        for (var i = 0; i < WarmUpSteps; i++)
        {
            Step(context, batch, sampleAt, next, position++);
        }

        var perStep = new List<double>(options.Tokens);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Tokens; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Step(context, batch, sampleAt, next, position++);
            perStep.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var tokens = options.Tokens * sequences;
        return new BatchedDecodeResult(sequences, tokens, seconds, tokens / seconds, LatencyStats.Of(perStep), SystemLoad.OneMinute());
    }

    private static void Step(LLamaContext context, LLamaBatch batch, int[] sampleAt, LLamaToken[] next, int position)
    {
        for (var s = 0; s < next.Length; s++)
        {
            next[s] = Greedy.Pick(context.NativeHandle.GetLogitsIth(sampleAt[s]));
        }

        batch.Clear();
        for (var s = 0; s < next.Length; s++)
        {
            batch.Add(next[s], position, (LLamaSeqId)s, true);
            sampleAt[s] = s;
        }
        Decode(context, batch);
    }

    private static void Decode(LLamaContext context, LLamaBatch batch)
    {
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new LLamaDecodeError(result);
        }
    }
}
