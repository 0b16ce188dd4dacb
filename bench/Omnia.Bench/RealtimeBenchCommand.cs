using System.CommandLine;
using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench;

/// <summary>The <c>realtime</c> command: its options and how they become <see cref="RealtimeBenchOptions"/>.</summary>
internal static class RealtimeBenchCommand
{
    /// <param name="cli">The built CLI option, shared with the other benches.</param>
    /// <param name="serverUrl">The running-server option, shared with the other benches.</param>
    public static Command Create(string root, Option<string> cli, Option<string?> serverUrl)
    {
        var mode = new Option<string>("--mode")
        {
            Description = "latency (turn detection modes, naive cascade, capacity), conversation (one session keeping its history) or soak.",
            DefaultValueFactory = _ => "latency",
        };
        mode.AcceptOnlyFromAmong("latency", "conversation", "soak");
        var chatModel = new Option<string>("--chat-model")
        {
            Description = "stories260k, 0.5b or 3b (generated Qwen2.5-shaped models, cached as bench llm does) or a .gguf path.",
            DefaultValueFactory = _ => "stories260k",
        };
        chatModel.Validators.Add(result =>
        {
            if (RealtimeChatModel.Problem(result.GetValueOrDefault<string>()) is { } problem) result.AddError(problem);
        });
        var turns = new Option<int?>("--turns") { Description = "Latency: turns per mode and for the cascade (default 30); conversation: turns of the session (default 10)." };
        var sessions = new Option<string>("--sessions") { Description = "Latency: concurrent session counts for the capacity phase.", DefaultValueFactory = _ => "1,2,4" };
        sessions.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text.Split(',').Any(part => !int.TryParse(part, out var n) || n is < 1 or > 32))
                result.AddError($"--sessions takes comma-separated numbers from 1 to 32; got '{text}'.");
        });
        var maxOutputTokens = new Option<string>("--max-output-tokens") { Description = "Tokens per answer, or inf for unbounded answers.", DefaultValueFactory = _ => "24" };
        maxOutputTokens.Validators.Add(result =>
        {
            if (!RealtimeBenchArguments.TryParseMaxOutputTokens(result.GetValueOrDefault<string>(), out _))
                result.AddError($"--max-output-tokens takes a positive number or inf; got '{result.GetValueOrDefault<string>()}'.");
        });
        var modelsDir = new Option<string>("--models-dir")
        {
            Description = "Models directory for the server (silero_vad.onnx, and stories260K.gguf).",
            DefaultValueFactory = _ => Path.GetFullPath(Path.Combine(root, "..", "shared", "models")),
        };
        var listen = new Option<int>("--listen-ms") { Description = "Silence after each end of speech before the next utterance (the user listening).", DefaultValueFactory = _ => 2000 };
        var contextSize = new Option<int?>("--context-size") { Description = "The started server's --context-size (default: 512 per session for latency, 4096 otherwise)." };
        var requestTimeout = new Option<int?>("--request-timeout") { Description = "The started server's --request-timeout in seconds (default: the server's)." };
        var answerLimit = new Option<int>("--answer-timeout-s") { Description = "Conversation and soak: seconds after the end of speech before a turn with no response.done is stuck.", DefaultValueFactory = _ => 120 };
        var soakMinutes = new Option<double>("--soak-minutes") { Description = "Soak: how long the sessions talk.", DefaultValueFactory = _ => 30 };
        var soakSessions = new Option<int>("--soak-sessions") { Description = "Soak: sessions at once.", DefaultValueFactory = _ => 4 };
        var semantic = new Option<bool>("--semantic-vad")
        {
            Description = "Conversation and soak: semantic_vad with eagerness high instead of server_vad (silence 200 ms, prefix 100 ms).",
        };
        var rssInterval = new Option<int>("--rss-interval-s") { Description = "Soak: seconds between readings of the server's RSS.", DefaultValueFactory = _ => 5 };
        var command = new Command("realtime", "End of speech to first audio over the Realtime API: against a naive cascade, over a kept conversation, or in a soak.")
        {
            mode, chatModel, turns, sessions, maxOutputTokens, listen, modelsDir, contextSize, requestTimeout, answerLimit, soakMinutes, soakSessions, rssInterval, semantic, cli, serverUrl,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = RealtimeBenchArguments.Mode(parse.GetValue(mode)!);
            var cliDll = parse.GetValue(cli)!;
            var options = new RealtimeBenchOptions
            {
                Mode = chosen,
                ChatModel = RealtimeChatModel.Resolve(parse.GetValue(chatModel)!, root, cliDll, Console.Error),
                Turns = RealtimeBenchArguments.Turns(chosen, parse.GetValue(turns)),
                Sessions = parse.GetValue(sessions)!.Split(',').Select(int.Parse).ToArray(),
                MaxOutputTokens = RealtimeBenchArguments.MaxOutputTokens(parse.GetValue(maxOutputTokens)!),
                ListenMs = Math.Max(0, parse.GetValue(listen)),
                ModelsDir = parse.GetValue(modelsDir)!,
                CliDll = cliDll,
                ServerUrl = parse.GetValue(serverUrl) is { } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null,
                ContextSize = parse.GetValue(contextSize) is { } size ? Math.Max(256, size) : null,
                RequestTimeoutSeconds = parse.GetValue(requestTimeout) is { } seconds ? Math.Max(1, seconds) : null,
                AnswerLimit = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(answerLimit))),
                SoakDuration = TimeSpan.FromMinutes(Math.Max(0.1, parse.GetValue(soakMinutes))),
                SoakSessions = Math.Clamp(parse.GetValue(soakSessions), 1, 32),
                RssInterval = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(rssInterval))),
                SemanticVad = parse.GetValue(semantic),
            };
            var report = await RealtimeBench.RunAsync(options, Console.Error, cancellationToken);
            Console.Out.Write(report);
            return 0;
        });
        return command;
    }
}
