using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;

namespace Omnia.Bench;

/// <summary>
/// The engine's batched ceiling: N conversations prompted together, then one <c>Infer()</c> per step decodes one
/// greedy token for each — the loop an HTTP server with continuous batching runs.
/// </summary>
internal static class BatchedDecodeBench
{
    private const int WarmUpSteps = 2;

    public static async Task<BatchedDecodeResult> RunAsync(
        LLamaWeights weights, string modelPath, LlmBenchOptions options, int conversations)
    {
        var prompt = weights.Tokenize(LlmBenchOptions.StreamPrompt, true, false, Encoding.UTF8);

        // Every prompt must go into one batch: a conversation prefilled in an earlier batch can no longer be
        // sampled once a later batch has been inferred (LLamaSharp's epoch rule).
        var batchSize = (uint)Math.Max(512, prompt.Length * conversations);
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)options.ContextSize,
            BatchSize = batchSize,
            UBatchSize = 512,
            SeqMax = (uint)conversations,
            Threads = options.Threads,
            BatchThreads = options.Threads,
        };
        using var executor = new BatchedExecutor(weights, parameters);
        var active = new List<Conversation>();
        try
        {
            for (var i = 0; i < conversations; i++)
            {
                var conversation = executor.Create();
                active.Add(conversation);
                conversation.Prompt(prompt);
            }

            await InferAll(executor, active);

            for (var i = 0; i < WarmUpSteps; i++)
            {
                await Step(executor, active);
            }

            var perStep = new List<double>(options.Tokens);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < options.Tokens; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await Step(executor, active);
                perStep.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var tokens = options.Tokens * conversations;
            return new BatchedDecodeResult(conversations, tokens, seconds, tokens / seconds, LatencyStats.Of(perStep), SystemLoad.OneMinute());
        }
        finally
        {
            foreach (var conversation in active)
            {
                conversation.Dispose();
            }
        }
    }

    private static async Task Step(BatchedExecutor executor, List<Conversation> conversations)
    {
        foreach (var conversation in conversations)
        {
            conversation.Prompt(Greedy.Pick(conversation.Sample()));
        }

        await InferAll(executor, conversations);
    }

    private static async Task InferAll(BatchedExecutor executor, List<Conversation> conversations)
    {
        while (conversations.Any(c => c.RequiresInference))
        {
            var result = await executor.Infer();
            if (result != DecodeResult.Ok)
            {
                throw new LLamaDecodeError(result);
            }
        }
    }
}
