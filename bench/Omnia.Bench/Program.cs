using System.CommandLine;
using LLama.Native;
using Omnia.Bench;
using Omnia.Bench.Fuzz;
using Omnia.Bench.PromptCache;
using Omnia.Bench.Turns;
using Omnia.Gguf;

// llama.cpp logs every load step; keep only its errors so the tables stay readable.
NativeLibraryConfig.All.WithLogCallback((level, message) =>
{
    if (level == LLamaLogLevel.Error)
    {
        Console.Error.Write($"llama.cpp: {message}");
    }
});

var root = RepositoryRoot.Find();
var size = new Option<string>("--size") { Description = "Model shapes: 0.5b (Qwen2.5-0.5B) or 3b (Qwen2.5-3B).", DefaultValueFactory = _ => "0.5b" };
size.AcceptOnlyFromAmong("0.5b", "3b");
var weightType = new Option<string>("--weight-type") { Description = "Matrix type: q4_0, q8_0 or f16.", DefaultValueFactory = _ => "q4_0" };
weightType.AcceptOnlyFromAmong("q4_0", "q8_0", "f16");
var tokens = new Option<int>("--tokens") { Description = "Tokens decoded per stream in every phase.", DefaultValueFactory = _ => 128 };
var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length for prompt processing.", DefaultValueFactory = _ => 128 };
var threads = new Option<int>("--threads") { Description = "Engine threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
var mmapBudget = new Option<int>("--mmap-budget-s") { Description = "Cap in seconds on the default-mmap decode.", DefaultValueFactory = _ => 30 };
var concurrency = new Option<string>("--concurrency") { Description = "Batch sizes for the batched and HTTP phases.", DefaultValueFactory = _ => "1,4,8,16" };
concurrency.Validators.Add(result =>
{
    var text = result.GetValueOrDefault<string>();
    if (text.Split(',').Any(part => !int.TryParse(part, out var n) || n is < 1 or > 64))
    {
        result.AddError($"--concurrency takes comma-separated numbers from 1 to 64; got '{text}'.");
    }
});
var mmapIdle = new Option<int>("--mmap-idle-s") { Description = "Also measure mmap after this many idle seconds (0: skip).", DefaultValueFactory = _ => 0 };
var repeat = new Option<int>("--repeat") { Description = "Take each raw, batched and HTTP measurement N times and report the median run.", DefaultValueFactory = _ => 1 };
var noHttp = new Option<bool>("--no-http") { Description = "Skip the phase through Omnia's HTTP server." };
var noMmap = new Option<bool>("--no-mmap") { Description = "Skip the comparison with the default mmap load." };
var cli = new Option<string>("--cli")
{
    Description = "The built Omnia CLI to serve the HTTP phase.",
    DefaultValueFactory = _ => Path.Combine(root, "src", "Omnia.Cli", "bin", "Release", "net10.0", "linux-x64", "omnia.dll"),
};

var serverUrl = new Option<string?>("--server-url")
{
    Description = "Measure an already running server (e.g. http://127.0.0.1:8080/) instead of starting --cli.",
};
serverUrl.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string?>() is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
    {
        result.AddError($"--server-url must be an absolute http(s) URL; got '{url}'.");
    }
});

var llm = new Command("llm", "Prompt and decode speed of a Qwen2.5-shaped model: raw engine, batched engine, HTTP.")
{
    size, weightType, tokens, promptTokens, threads, concurrency, repeat, mmapBudget, mmapIdle, noHttp, noMmap, cli, serverUrl,
};
llm.SetAction(async (parse, cancellationToken) =>
{
    var options = new LlmBenchOptions
    {
        Shape = parse.GetValue(size) == "3b" ? Qwen2Shape.Qwen25ThreeBInstruct : Qwen2Shape.Qwen25HalfBInstruct,
        WeightType = parse.GetValue(weightType) switch { "q8_0" => GgmlType.Q8_0, "f16" => GgmlType.F16, _ => GgmlType.Q4_0 },
        Tokens = Math.Max(8, parse.GetValue(tokens)),
        PromptTokens = Math.Max(8, parse.GetValue(promptTokens)),
        Threads = Math.Max(1, parse.GetValue(threads)),
        MmapBudget = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(mmapBudget))),
        Concurrency = parse.GetValue(concurrency)!.Split(',').Select(int.Parse).ToArray(),
        Repeat = Math.Max(1, parse.GetValue(repeat)),
        MmapIdle = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(mmapIdle))),
        Http = !parse.GetValue(noHttp),
        Mmap = !parse.GetValue(noMmap),
        RepositoryRoot = root,
        TokenizerSource = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf")),
        CliDll = parse.GetValue(cli)!,
        ServerUrl = parse.GetValue(serverUrl) is { } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null,
    };
    var report = await LlmBench.RunAsync(options, Console.Error, cancellationToken);
    Console.Out.Write(report);
    return report.HttpFailure is null ? 0 : 1;
});

var remote = new Command("remote", "Tokens/s through Omnia → Omnia (an upstream) against the same Omnia directly.") { tokens, threads, concurrency, cli };
remote.SetAction(async (parse, cancellationToken) =>
{
    var options = new LlmBenchOptions
    {
        Shape = Qwen2Shape.Qwen25HalfBInstruct,
        WeightType = GgmlType.Q4_0,
        Tokens = Math.Max(8, parse.GetValue(tokens)),
        Threads = Math.Max(1, parse.GetValue(threads)),
        RepositoryRoot = root,
        TokenizerSource = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf")),
        CliDll = parse.GetValue(cli)!,
    };
    Console.Out.Write(await RemoteHopBench.RunAsync(options, parse.GetValue(concurrency)!.Split(',').Select(int.Parse).ToArray(), Console.Error, cancellationToken));
    return 0;
});

var mtmdSize = new Option<string>("--size") { Description = "Shapes: tiny (the test fixtures) or base (ViT-B/16 224 px, Whisper-base-sized qwen2a, Qwen2.5-0.5B).", DefaultValueFactory = _ => "tiny" };
mtmdSize.AcceptOnlyFromAmong("tiny", "base");
var images = new Option<int>("--images") { Description = "Images timed (after one warm-up).", DefaultValueFactory = _ => 8 };
var clips = new Option<int>("--audio-clips") { Description = "Audio clips timed (after one warm-up).", DefaultValueFactory = _ => 3 };
var clipSeconds = new Option<int>("--audio-seconds") { Description = "Length of each audio clip in seconds.", DefaultValueFactory = _ => 30 };
var mtmd = new Command("mtmd", "Images/s and audio-seconds/s through libmtmd's encoders with generated random-weight projectors.")
{
    mtmdSize, images, clips, clipSeconds, threads,
};
mtmd.SetAction(parse =>
{
    var options = new MtmdBenchOptions
    {
        Size = parse.GetValue(mtmdSize)!,
        Images = Math.Max(1, parse.GetValue(images)),
        AudioClips = Math.Max(1, parse.GetValue(clips)),
        AudioSeconds = Math.Clamp(parse.GetValue(clipSeconds), 1, 600),
        Threads = Math.Max(1, parse.GetValue(threads)),
        TokenizerSource = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf")),
        CacheDirectory = Path.Combine(root, ".build", "bench-models"),
    };
    Console.Out.Write(MtmdBench.Run(options, Console.Error));
    return 0;
});

var realtime = RealtimeBenchCommand.Create(root, cli, serverUrl);

var path = new Argument<string>("path") { Description = "A .gguf file." };
var info = new Command("gguf-info", "Print a GGUF file's metadata (arrays summarized) and tensors.") { path };
info.SetAction(parse =>
{
    var file = GgufFile.Read(parse.GetValue(path)!);
    Console.Out.WriteLine($"GGUF v{file.Version}, {file.MetadataInOrder.Count} metadata keys, {file.Tensors.Count} tensors");
    foreach (var (key, value) in file.MetadataInOrder)
    {
        Console.Out.WriteLine($"{key} = {(value.Type == GgufValueType.String && value.AsString().Length > 120 ? value.AsString()[..120] + "..." : value)}");
    }

    foreach (var tensor in file.Tensors)
    {
        Console.Out.WriteLine($"{tensor.Name} {tensor.Type} [{string.Join(", ", tensor.Shape)}] @ {tensor.Offset}");
    }

    return 0;
});

return await new RootCommand("Omnia benchmarks (run on demand; not part of the test suite).") { llm, remote, mtmd, realtime, AudioBench.Command(), ChatAudioBench.Command(root), ConversationBench.Command(root), PrefillBench.Command(root), FuzzBench.Command(root), GrammarBench.Command(root), Omnia.Bench.EndOfTurn.EndOfTurnBench.Command(root), KvMoveBench.Command(root), TurnsBench.Command(root, cli), ImagesBench.Command(), info }.Parse(args).InvokeAsync();
