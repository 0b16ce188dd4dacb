using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Engines.Llama;
using Omnia.Gguf;

namespace Omnia.Bench;

/// <summary>
/// What one grammar-constrained request costs everyone else: the decode loop is shared, and grammar sampling runs on
/// it, once per step, for every parse stack the grammar keeps alive. Measures the step time of normal streams alone
/// and beside one stream whose schema is an array of an N-value enum with a long shared prefix (every item start
/// fans out to N stacks, and they stay alive for the prefix's tokens: the worst case the fan-out bound allows).
/// </summary>
internal static class GrammarBench
{
    public static Command Command(string root)
    {
        var streams = new Option<int>("--streams") { Description = "Normal streams decoding together.", DefaultValueFactory = _ => 4 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens per normal stream.", DefaultValueFactory = _ => 64 };
        var enumValues = new Option<string>("--enum-values") { Description = "Enum sizes for the heavy stream.", DefaultValueFactory = _ => "16,64,256" };
        var threads = new Option<int>("--threads") { Description = "Engine threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("grammar", "Step time of normal streams alone and beside one stream with a large-enum JSON schema.")
        {
            streams, tokens, enumValues, threads,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tokenizer = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf"));
            var qwen = BenchModelCache.Ensure(new LlmBenchOptions
            {
                Shape = Qwen2Shape.Qwen25HalfBInstruct,
                RepositoryRoot = root,
                TokenizerSource = tokenizer,
                CliDll = "",
            }, Console.Error);
            var sizes = parse.GetValue(enumValues)!.Split(',').Select(int.Parse).ToArray();
            var table = new MarkdownTable("model", "beside", "step p50 ms", "step p95 ms", "p50 ratio", "p95 ratio");
            foreach (var (name, path) in new[] { ("stories260K", tokenizer), ("qwen2.5-0.5b random q4_0", qwen) })
            {
                using var model = LlamaModel.Load(new LlamaEngineOptions
                {
                    ModelPath = path, ContextSize = 1024, Parallel = parse.GetValue(streams) + 1, Threads = parse.GetValue(threads),
                });
                var client = model.CreateChatClient(name);
                var n = parse.GetValue(streams);
                var t = parse.GetValue(tokens);
                await MeasureAsync(client, n, 8, null, cancellationToken); // warm-up
                var alone = await MeasureAsync(client, n, t, null, cancellationToken);
                table.Add(name, "nothing", alone.P50, alone.P95, 1.0, 1.0);
                foreach (var size in sizes)
                {
                    Console.Error.WriteLine($"{name}: {n} streams beside a {size}-value enum");
                    var beside = await MeasureAsync(client, n, t, HeavySchema(size), cancellationToken);
                    Console.Error.WriteLine($"{name}: p50 {beside.P50:F1} ms ({beside.P50 / alone.P50:F2}x), p95 {beside.P95:F1} ms ({beside.P95 / alone.P95:F2}x)");
                    table.Add(name, $"{size}-value enum", beside.P50, beside.P95, beside.P50 / alone.P50, beside.P95 / alone.P95);
                }
            }
            Console.Out.Write($"{parse.GetValue(streams)} normal streams x {parse.GetValue(tokens)} tokens, {parse.GetValue(threads)} threads\n\n{table}");
        });
        return command;
    }

    /// <summary>The gaps between successive tokens of <paramref name="streams"/> normal streams, optionally beside one heavy stream.</summary>
    private static async Task<LatencyStats> MeasureAsync(IChatClient client, int streams, int tokens, JsonElement? heavy, CancellationToken cancellationToken)
    {
        using var stopHeavy = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heavyRun = heavy is { } schema ? RunAsync(client, new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), MaxOutputTokens = 900, Seed = 1,
        }, stopHeavy.Token) : Task.FromResult(new List<double>());
        // Let the heavy stream's prompt in first so every measured step has it in the batch.
        if (heavy is not null) await Task.Delay(200, cancellationToken);

        var normal = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => RunAsync(client, new ChatOptions
        {
            MaxOutputTokens = tokens, Seed = i, AdditionalProperties = new() { ["ignore_eos"] = true },
        }, cancellationToken)));
        await stopHeavy.CancelAsync();
        try
        {
            await heavyRun;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose once the normal streams were done.
        }
        return LatencyStats.Of(normal.SelectMany(gaps => gaps));
    }

    private static async Task<List<double>> RunAsync(IChatClient client, ChatOptions options, CancellationToken cancellationToken)
    {
        var gaps = new List<double>();
        var clock = Stopwatch.StartNew();
        var first = true;
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "Once upon a time")], options, cancellationToken))
        {
            if (update.Text.Length == 0) continue;
            // The first gap is the prompt's, not a step's.
            if (!first) gaps.Add(clock.Elapsed.TotalMilliseconds);
            first = false;
            clock.Restart();
        }
        return gaps;
    }

    private static JsonElement HeavySchema(int values)
    {
        var names = Enumerable.Range(0, values).Select(i => $"\"once upon a time there was a value number {i:D4}\"");
        // minItems keeps the stream inside the enum until it is stopped, instead of closing the array early.
        return JsonDocument.Parse($"{{\"type\":\"array\",\"minItems\":900,\"items\":{{\"enum\":[{string.Join(",", names)}]}}}}").RootElement;
    }
}
