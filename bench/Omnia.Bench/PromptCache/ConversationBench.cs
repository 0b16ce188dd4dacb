using System.CommandLine;

namespace Omnia.Bench.PromptCache;

/// <summary>
/// Time to first token turn by turn over growing conversations, with the prompt cache on and off: one server
/// process with the cache, then one with <c>--no-prompt-cache</c>, each measured alone on the same cores.
/// </summary>
internal static class ConversationBench
{
    private const string NoPromptCache = "--no-prompt-cache";
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromMinutes(3);

    public static Command Command(string root)
    {
        var model = new Option<string>("--model") { Description = "stories (stories260K), 0.5b or 3b (the generated Qwen2.5-shaped models).", DefaultValueFactory = _ => "0.5b" };
        model.AcceptOnlyFromAmong(BenchChatModel.Names);
        var turns = new Option<int>("--turns") { Description = "Turns per conversation.", DefaultValueFactory = _ => 12 };
        var answerTokens = new Option<int>("--answer-tokens") { Description = "Tokens per answer (max_tokens with ignore_eos).", DefaultValueFactory = _ => 32 };
        var shapes = ShapesOption("--shapes", "Shapes measured with the cache on: single, interleaved, concurrent.", "single,interleaved,concurrent", allowNone: false);
        var offShapes = ShapesOption("--off-shapes", "Shapes also measured with the cache off (none: skip the off server).", "single", allowNone: true);
        var concurrent = new Option<int>("--concurrent") { Description = "Conversations at once in the concurrent shape.", DefaultValueFactory = _ => 8 };
        var distinct = new Option<bool>("--distinct-system-prompts") { Description = "Give every conversation its own system prompt (default: a shape's conversations share one)." };
        var contextSize = new Option<int?>("--context-size") { Description = "The server's context per request (default: enough for --turns, within the model's)." };
        var parallel = new Option<int?>("--parallel") { Description = "The servers' slots (default: the most conversations of a shape, at least 2)." };
        var cli = CliOption(root);
        var command = new Command("conversation", "Time to first token per turn over growing conversations, prompt cache on against off.")
        {
            model, turns, answerTokens, shapes, offShapes, concurrent, distinct, contextSize, parallel, cli,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cliDll = parse.GetValue(cli)!;
            var on = ParseShapes(parse.GetValue(shapes)!);
            var options = new ConversationBenchOptions
            {
                Model = BenchChatModel.Resolve(parse.GetValue(model)!, root, cliDll, Console.Error),
                Turns = Math.Max(1, parse.GetValue(turns)),
                AnswerTokens = Math.Max(1, parse.GetValue(answerTokens)),
                Shapes = on,
                OffShapes = ParseShapes(parse.GetValue(offShapes)!).Where(on.Contains).ToArray(),
                Concurrent = Math.Clamp(parse.GetValue(concurrent), 1, 64),
                DistinctSystemPrompts = parse.GetValue(distinct),
                ContextSize = parse.GetValue(contextSize),
                ServerParallel = parse.GetValue(parallel) is { } slots ? Math.Clamp(slots, 1, 64) : null,
                CliDll = cliDll,
            };
            Console.Out.Write(await RunAsync(options, Console.Error, cancellationToken));
            return 0;
        });
        return command;
    }

    public static async Task<string> RunAsync(ConversationBenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var notes = new List<string>
        {
            $"server: `omnia serve --parallel {options.Parallel} --context-size {options.ServerContext} --load-mode read`; requests stream with "
            + $"`stream_options.include_usage`, `temperature: 0`, `max_tokens: {options.AnswerTokens}`, `ignore_eos: true`; each turn appends the real answer",
            options.DistinctSystemPrompts ? "every conversation has its own system prompt" : "the conversations of a shape share one system prompt (each shape its own)",
        };
        var offArguments = Array.Empty<string>();
        if (options.OffShapes.Count > 0)
        {
            var hasFlag = await ServeCommandOptions.HasAsync(options.CliDll, NoPromptCache, cancellationToken);
            offArguments = hasFlag ? [NoPromptCache] : [];
            notes.Add(hasFlag
                ? "cache off: a second server process with `--no-prompt-cache`, its requests also with `cache_prompt: false`"
                : "cache off: this CLI has no `--no-prompt-cache`, so the second server differs only by `cache_prompt: false` in its requests");
        }

        var measuredOn = await MeasureAsync(options, options.Shapes, cachePrompt: null, "on", [], log, cancellationToken);
        var measuredOff = options.OffShapes.Count == 0
            ? new Dictionary<ConversationShape, (IReadOnlyList<TurnMeasurement> Turns, double Load)>()
            : await MeasureAsync(options, options.OffShapes, cachePrompt: false, "off", offArguments, log, cancellationToken);
        var results = options.Shapes
            .Select(shape => new ConversationShapeResult(
                shape, options.Conversations(shape), measuredOn[shape].Turns, measuredOff.TryGetValue(shape, out var off) ? off.Turns : null, measuredOn[shape].Load))
            .ToArray();
        if (results.All(r => r.Rows.All(row => row.CachedTokens == 0)))
        {
            notes.Add("the server reported no cached tokens with the cache on: it has no prompt cache, or does not report `usage.prompt_tokens_details.cached_tokens`");
        }

        return ConversationReport.Format(options, results, notes);
    }

    private static async Task<Dictionary<ConversationShape, (IReadOnlyList<TurnMeasurement> Turns, double Load)>> MeasureAsync(
        ConversationBenchOptions options, IReadOnlyList<ConversationShape> shapes, bool? cachePrompt, string mode, string[] serverArguments,
        TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"conversation: starting the server with the cache {mode} {string.Join(' ', serverArguments)}");
        await using var server = await OmniaServerProcess.StartAsync(
            options.CliDll, options.Model.Path, options.Parallel, options.ServerContext, ServerStartTimeout, cancellationToken, serverArguments);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        try
        {
            var runner = new ConversationRunner(new ChatTurnClient(http, await ServedModel.IdAsync(http, options.Model.Path, cancellationToken)), options, cachePrompt, mode, log);
            log.WriteLine($"conversation: cache {mode}, warm-up");
            await runner.WarmUpAsync(shapes, cancellationToken);
            var measured = new Dictionary<ConversationShape, (IReadOnlyList<TurnMeasurement>, double)>();
            foreach (var shape in shapes)
            {
                // The index in the full shape list names the session, so a shape sends the same words on and off.
                var turns = await runner.RunAsync(shape, options.Shapes.ToList().IndexOf(shape), cancellationToken);
                measured[shape] = (turns, SystemLoad.OneMinute());
            }

            return measured;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}server output:{Environment.NewLine}{server.OutputTail()}", e);
        }
    }

    internal static Option<string> CliOption(string root) => new("--cli")
    {
        Description = "The built Omnia CLI.",
        DefaultValueFactory = _ => Path.Combine(root, "src", "Omnia.Cli", "bin", "Release", "net10.0", "linux-x64", "omnia.dll"),
    };

    private static Option<string> ShapesOption(string name, string description, string defaults, bool allowNone)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaults };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!(allowNone && text == "none") && text.Split(',').Any(part => !Enum.GetNames<ConversationShape>().Contains(part, StringComparer.OrdinalIgnoreCase)))
            {
                result.AddError($"{name} takes a comma-separated list of single, interleaved, concurrent{(allowNone ? " (or none)" : string.Empty)}; got '{text}'.");
            }
        });
        return option;
    }

    private static ConversationShape[] ParseShapes(string text) =>
        text == "none" ? [] : text.Split(',').Select(part => Enum.Parse<ConversationShape>(part, ignoreCase: true)).Distinct().ToArray();
}
