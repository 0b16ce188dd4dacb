using System.CommandLine;
using System.Diagnostics;

namespace Omnia.Bench.PromptCache;

/// <summary>
/// Chunked prefill: the gaps between SSE chunks of running streams (one per decode step) undisturbed, then while a
/// long prompt arrives. Prefilling the prompt in one go stalls every stream for its whole length.
/// </summary>
internal static class PrefillBench
{
    /// <summary>Chunks every stream must have before the gaps count: admission and the first steps are over.</summary>
    private const int SettledChunks = 16;

    public static Command Command(string root)
    {
        var model = new Option<string>("--model") { Description = "stories (stories260K), 0.5b or 3b (the generated Qwen2.5-shaped models).", DefaultValueFactory = _ => "0.5b" };
        model.AcceptOnlyFromAmong(BenchChatModel.Names);
        var longPrompt = new Option<int>("--long-prompt-tokens") { Description = "Tokens of the prompt that arrives (capped at the model's context).", DefaultValueFactory = _ => 3000 };
        var streams = new Option<int>("--streams") { Description = "Streams decoding when it arrives.", DefaultValueFactory = _ => 4 };
        var steps = new Option<int>("--steps") { Description = "Undisturbed decode steps timed per stream.", DefaultValueFactory = _ => 64 };
        var cli = ConversationBench.CliOption(root);
        var command = new Command("prefill", "Decode-step gaps of running streams, undisturbed and while a long prompt is prefilled.") { model, longPrompt, streams, steps, cli };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cliDll = parse.GetValue(cli)!;
            var chatModel = BenchChatModel.Resolve(parse.GetValue(model)!, root, cliDll, Console.Error);
            var stories = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf"));
            var result = await RunAsync(
                chatModel, cliDll, stories, parse.GetValue(longPrompt), Math.Clamp(parse.GetValue(streams), 1, 32), Math.Max(8, parse.GetValue(steps)),
                Console.Error, cancellationToken);
            Console.Out.Write(result.Format(chatModel));
            return 0;
        });
        return command;
    }

    public static async Task<PrefillResult> RunAsync(
        BenchChatModel model, string cliDll, string tokenizer, int longPromptTokens, int streams, int steps, TextWriter log, CancellationToken cancellationToken)
    {
        // Room in the context for the template and the few tokens asked of the long prompt.
        var longTokens = Math.Min(longPromptTokens, model.TrainedContext - 256);
        if (longTokens < longPromptTokens)
        {
            log.WriteLine($"prefill: {model.Name}'s context is {model.TrainedContext}, so the long prompt has {longTokens} tokens");
        }

        string alone, during;
        using (var counter = new TokenCounter(tokenizer))
        {
            // Different first words: the second prompt must find nothing of the first in a prompt cache.
            alone = LongPrompt.Build(longTokens, "alone", counter.Count);
            during = LongPrompt.Build(longTokens, "during", counter.Count);
        }

        var context = model.ContextFor(longTokens + 512);
        log.WriteLine($"prefill: starting the server (--parallel {streams + 1} --context-size {context})");
        await using var server = await OmniaServerProcess.StartAsync(cliDll, model.Path, streams + 1, context, TimeSpan.FromMinutes(3), cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        try
        {
            var client = new ChatTurnClient(http, await ServedModel.IdAsync(http, model.Path, cancellationToken));
            log.WriteLine("prefill: warm-up");
            await client.SendAsync(new ChatTurnRequest([new ChatLine("user", "Warm-up: tell me a story.")], 32), null, CancellationToken.None, cancellationToken);
            await Task.WhenAll(Enumerable.Range(0, streams).Select(i => client.SendAsync(
                new ChatTurnRequest([new ChatLine("user", $"Warm-up {i}: tell me a story.")], 16), null, CancellationToken.None, cancellationToken)));

            log.WriteLine($"prefill: the long prompt alone");
            var reference = await client.SendAsync(new ChatTurnRequest([new ChatLine("user", alone)], 4), null, CancellationToken.None, cancellationToken);

            log.WriteLine($"prefill: {streams} streams x {steps} steps, undisturbed");
            var origin = Stopwatch.GetTimestamp();
            var undisturbed = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => client.SendAsync(
                new ChatTurnRequest([new ChatLine("user", $"Story {i}: tell me a long story.")], SettledChunks + steps), null, CancellationToken.None, cancellationToken)));
            var calm = LatencyStats.Of(StepGaps.WhileAllRunning(undisturbed.Select(r => r.ChunkTimesMs(origin)).ToArray()));

            log.WriteLine($"prefill: {streams} streams, then the {reference.PromptTokens}-token prompt");
            var (disturbed, longRequest, endedEarly) = await DisturbAsync(client, streams, context, during, log, cancellationToken);
            var sentMs = ChatTurnResult.Milliseconds(longRequest.SentAt - origin);
            var stalled = LatencyStats.Of(StepGaps.Overlapping(disturbed.Select(r => r.ChunkTimesMs(origin)).ToArray(), sentMs, sentMs + longRequest.FirstTokenMs));
            return new PrefillResult(streams, longRequest.PromptTokens ?? longTokens, calm, stalled, reference.FirstTokenMs, longRequest.FirstTokenMs, endedEarly, SystemLoad.OneMinute());
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}server output:{Environment.NewLine}{server.OutputTail()}", e);
        }
    }

    /// <summary>
    /// Starts the streams, sends the long prompt once each has settled, and stops them once each has decoded a few
    /// steps after the long prompt's first token (so a stall shows as the gap it is).
    /// </summary>
    private static async Task<(ChatTurnResult[] Streams, ChatTurnResult LongPrompt, int EndedEarly)> DisturbAsync(
        ChatTurnClient client, int streams, int context, string longPrompt, TextWriter log, CancellationToken cancellationToken)
    {
        var counts = new int[streams];
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, streams).Select(i => client.SendAsync(
            new ChatTurnRequest([new ChatLine("user", $"Story {i + streams}: tell me a long story.")], context - 128),
            _ => Interlocked.Increment(ref counts[i]), stop.Token, cancellationToken)).ToArray();
        try
        {
            await UntilAsync(() => Enumerable.Range(0, streams).All(i => Volatile.Read(ref counts[i]) >= SettledChunks), running, cancellationToken);
            var longRequest = await client.SendAsync(new ChatTurnRequest([new ChatLine("user", longPrompt)], 4), null, CancellationToken.None, cancellationToken);
            var endedEarly = running.Count(t => t.IsCompleted);
            var atFirstToken = Enumerable.Range(0, streams).Select(i => Volatile.Read(ref counts[i])).ToArray();
            log.WriteLine($"prefill: the long prompt's first token after {longRequest.FirstTokenMs:F0} ms; letting the streams decode a few more steps");
            await UntilAsync(() => Enumerable.Range(0, streams).All(i => Volatile.Read(ref counts[i]) >= atFirstToken[i] + 3), running, cancellationToken);
            await stop.CancelAsync();
            return (await Task.WhenAll(running), longRequest, endedEarly);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds or a stream has ended (it reached max_tokens or failed).</summary>
    private static async Task UntilAsync(Func<bool> done, Task[] streams, CancellationToken cancellationToken)
    {
        while (!done() && !streams.Any(s => s.IsCompleted))
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
