using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Omnia.Chat;
using Omnia.Engines.Llama;
using Omnia.Gguf;

namespace Omnia.Bench.EndOfTurn;

/// <summary>
/// <c>bench eot</c>: what the chat model's own end-of-turn reading costs. A voice conversation prefills the live
/// transcript word by word while the user speaks (into the conversation's cache: each prefill reads only the new
/// words) and reads the probability of the end-of-turn token from that same decode. This plays a request word by word
/// into the engine's prefiller, as realtime does, and times each prefill; the decision at the pause then costs
/// nothing, since the probability for the words heard is already there.
/// </summary>
internal static class EndOfTurnBench
{
    private const string SystemPrompt = "You are a helpful voice assistant. Answer briefly and kindly, in one or two sentences.";
    private static readonly string[] Words = "could you book a table for four people tonight at the italian place please".Split(' ');

    public static Command Command(string root)
    {
        var size = new Option<string>("--model") { Description = "0.5b or 3b (the Qwen2.5-shaped random-weight model), or stories.", DefaultValueFactory = _ => "0.5b" };
        var rounds = new Option<int>("--rounds") { Description = "Times the request is played word by word (each in a fresh conversation).", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "Engine threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("eot", "Cost of the chat model's end-of-turn probability: the live transcript prefilled word by word.") { size, rounds, threads };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stories = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf"));
            var name = parse.GetValue(size)!;
            var path = name == "stories" ? stories : BenchModelCache.Ensure(new LlmBenchOptions
            {
                Shape = name == "3b" ? Qwen2Shape.Qwen25ThreeBInstruct : Qwen2Shape.Qwen25HalfBInstruct,
                RepositoryRoot = root,
                TokenizerSource = stories,
                CliDll = "",
            }, Console.Error);
            using var model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = path, ContextSize = 1024, Parallel = 2, Threads = parse.GetValue(threads) });
            var prefiller = model.CreateChatClient(name).GetService<IPromptPrefiller>()
                ?? throw new InvalidOperationException("The engine has no prompt prefiller.");
            await PlayAsync(prefiller, "warm-up", cancellationToken);
            var runs = new List<IReadOnlyList<(double Ms, int Tokens, double? P)>>();
            for (var r = 0; r < parse.GetValue(rounds); r++) runs.Add(await PlayAsync(prefiller, $"round-{r}", cancellationToken));
            Console.Out.Write(Report(name, Path.GetFileName(path), parse.GetValue(threads), runs));
        });
        return command;
    }

    /// <summary>The request word by word in one conversation: each prefill's time, the prompt tokens it left, the probability read.</summary>
    private static async Task<IReadOnlyList<(double Ms, int Tokens, double? P)>> PlayAsync(IPromptPrefiller prefiller, string conversation, CancellationToken cancellationToken)
    {
        var steps = new List<(double, int, double?)>();
        var options = new ChatOptions { ConversationId = conversation };
        for (var n = 1; n <= Words.Length; n++)
        {
            ChatMessage[] messages = [new(ChatRole.System, SystemPrompt), new(ChatRole.User, string.Join(' ', Words.Take(n)))];
            var clock = Stopwatch.StartNew();
            var prefilled = await prefiller.PrefillAsync(messages, options, cancellationToken);
            steps.Add((clock.Elapsed.TotalMilliseconds, prefilled.PromptTokens, prefilled.EndOfTurnProbability));
        }
        return steps;
    }

    private static string Report(string name, string file, int threads, IReadOnlyList<IReadOnlyList<(double Ms, int Tokens, double? P)>> runs)
    {
        var table = new MarkdownTable("words", "prompt tokens", "prefill p50 ms", "p95 ms", "end-of-turn probability (round 1)");
        for (var i = 0; i < Words.Length; i++)
        {
            var times = LatencyStats.Of(runs.Select(r => r[i].Ms));
            table.Add(i + 1, runs[0][i].Tokens, times.P50, times.P95, runs[0][i].P is { } p ? p.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture) : "-");
        }
        var later = LatencyStats.Of(runs.SelectMany(r => r.Skip(1)).Select(s => s.Ms));
        var first = LatencyStats.Of(runs.Select(r => r[0].Ms));
        var read = runs.SelectMany(r => r).Count(s => s.P is not null);
        return $"## End of turn from the chat model's own logits ({name}, {file}, {threads} threads)\n\n"
            + $"The request played word by word, {runs.Count} rounds in fresh conversations; each prefill reads only what is new and the end-of-turn token's probability from the same decode.\n\n"
            + table + "\n"
            + $"- first prefill (system prompt and one word): p50 {first.P50:0.0} ms; every later word: p50 {later.P50:0.0} ms, p95 {later.P95:0.0} ms\n"
            + $"- probability read on {read} of {runs.Sum(r => r.Count)} prefills" + (read == 0 ? " (the vocabulary has no end-of-turn token)\n" : "\n")
            + "- at the turn decision the probability for the words heard is already there: the decision reads it, no pass of its own\n";
    }
}
