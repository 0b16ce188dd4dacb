using System.CommandLine;
using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Native;
using Omnia.Gguf;

namespace Omnia.Bench;

/// <summary>
/// What moving a cached slot costs the decode loop: the prompt cache copies a KV stream whole (llama.cpp applies the
/// copy at the next decode) to bring a cache next to the running requests, and swaps two through the spare stream
/// (three copies). Times a one-token decode step alone, after one stream copy and after a swap, in the server's
/// context shape (one stream of <c>--context-size</c> cells per slot, plus the spare).
/// </summary>
internal static class KvMoveBench
{
    public static Command Command(string root)
    {
        var contextSize = new Option<int>("--context-size") { Description = "KV cells per slot.", DefaultValueFactory = _ => 4096 };
        var cached = new Option<int>("--cached") { Description = "Prompt tokens held by the slot that moves.", DefaultValueFactory = _ => 3000 };
        var repeats = new Option<int>("--repeats") { Description = "Timed steps of each kind.", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "Engine threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("kvmove", "Cost of moving a cached KV slot (stream copy, swap) against a one-token decode step.")
        {
            contextSize, cached, repeats, threads,
        };
        command.SetAction(parse =>
        {
            var tokenizer = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf"));
            var qwen = BenchModelCache.Ensure(new LlmBenchOptions
            {
                Shape = Qwen2Shape.Qwen25HalfBInstruct, RepositoryRoot = root, TokenizerSource = tokenizer, CliDll = "",
            }, Console.Error);
            var table = new MarkdownTable("model", "step", "p50 ms", "p95 ms", "p50 ratio");
            foreach (var (name, path) in new[] { ("stories260K", tokenizer), ("qwen2.5-0.5b random q4_0", qwen) })
                Measure(table, name, path, parse.GetValue(contextSize), parse.GetValue(cached), parse.GetValue(repeats), parse.GetValue(threads));
            Console.Out.Write($"{parse.GetValue(cached)} cached tokens in a slot of {parse.GetValue(contextSize)} cells, 9 streams, {parse.GetValue(threads)} threads\n\n{table}");
        });
        return command;
    }

    private static void Measure(MarkdownTable table, string name, string path, int contextSize, int cached, int repeats, int threads)
    {
        const int Slots = 8;
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });
        var streams = Slots + 1;
        using var context = weights.CreateContext(new ModelParams(path)
        {
            ContextSize = (uint)(Math.Min(contextSize, weights.ContextSize > 0 ? weights.ContextSize : contextSize) * streams),
            SeqMax = (uint)streams,
            KVUnified = false,
            BatchSize = 512,
            UBatchSize = 512,
            Threads = threads,
            BatchThreads = threads,
        });
        var native = context.NativeHandle;
        var prompt = PromptTokens.Take(weights, Math.Min(cached, (int)(context.ContextSize / (uint)streams) - 64));
        var batch = new LLamaBatch();
        for (var start = 0; start < prompt.Length; start += 512)
        {
            batch.Clear();
            var count = Math.Min(512, prompt.Length - start);
            for (var i = 0; i < count; i++) batch.Add(prompt[start + i], start + i, (LLamaSeqId)0, i == count - 1);
            Check(native.Decode(batch));
        }

        var position = 0;
        double Step(Action? before)
        {
            before?.Invoke();
            batch.Clear();
            batch.Add(prompt[position % prompt.Length], position++, (LLamaSeqId)1, true);
            var clock = Stopwatch.StartNew();
            Check(native.Decode(batch));
            return clock.Elapsed.TotalMilliseconds;
        }

        Step(null); // graph allocation
        var alone = Enumerable.Range(0, repeats).Select(_ => Step(null)).ToList();
        var copy = Enumerable.Range(0, repeats).Select(_ => Step(() => native.MemorySequenceCopy((LLamaSeqId)0, (LLamaSeqId)2, -1, -1))).ToList();
        var swap = Enumerable.Range(0, repeats).Select(_ => Step(() =>
        {
            native.MemorySequenceCopy((LLamaSeqId)0, (LLamaSeqId)Slots, -1, -1);
            native.MemorySequenceCopy((LLamaSeqId)2, (LLamaSeqId)0, -1, -1);
            native.MemorySequenceCopy((LLamaSeqId)Slots, (LLamaSeqId)2, -1, -1);
            native.MemorySequenceRemove((LLamaSeqId)Slots, -1, -1);
        })).ToList();

        var baseline = LatencyStats.Of(alone);
        foreach (var (kind, samples) in new[] { ("decode alone", alone), ("after a stream copy", copy), ("after a swap (3 copies)", swap) })
        {
            var stats = LatencyStats.Of(samples);
            table.Add(name, kind, stats.P50, stats.P95, stats.P50 / baseline.P50);
        }
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"decode failed: {result}");
    }
}
