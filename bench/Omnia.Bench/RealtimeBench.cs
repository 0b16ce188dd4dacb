using System.Text;
using Omnia.Bench.PromptCache;
using Omnia.Bench.RealtimeConversation;
using OpenAI.Realtime;

namespace Omnia.Bench;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>
/// End of speech to first audio over the Realtime API (server_vad default and tuned, semantic_vad), against a naive
/// sequential cascade of the same engines over HTTP, and how many concurrent sessions keep p95 under 500 ms; or, by
/// <see cref="RealtimeBenchOptions.Mode"/>, a kept-history conversation or a soak of several.
/// </summary>
internal static class RealtimeBench
{
    private const double CapacityP95Ms = 500;
    private const int MinTurnsPerSession = 8;
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] TraceStages = ["turn_decided_ms", "transcript_final_ms", "first_token_ms", "first_audio_synthesized_ms", "first_audio_delta_sent_ms"];

    public static async Task<string> RunAsync(RealtimeBenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var utterances = new List<SpokenUtterance>();
        foreach (var sentence in SpokenUtterance.Sentences)
            utterances.Add(await SpokenUtterance.SynthesizeAsync(sentence, cancellationToken));
        await log.WriteLineAsync($"{utterances.Count} flite utterances, speech {utterances.Min(u => u.SpeechDuration.TotalSeconds):0.0}–{utterances.Max(u => u.SpeechDuration.TotalSeconds):0.0} s");

        var parallel = options.Mode switch
        {
            RealtimeBenchMode.Latency => Math.Max(4, options.Sessions.Max()),
            RealtimeBenchMode.Soak => options.SoakSessions,
            _ => 2,
        };
        var context = options.ContextSize ?? (options.Mode == RealtimeBenchMode.Latency ? 512 * parallel : RealtimeBenchOptions.ConversationContext);
        string[] extra = [.. options.ServerArguments()];
        await using var process = options.ServerUrl is null
            ? await OmniaServerProcess.StartAsync(options.CliDll, options.ModelsDir, options.ChatModel.Path, parallel, context, ServerStartTimeout, cancellationToken, extra)
            : null;
        var server = options.ServerUrl ?? process!.BaseAddress;
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        var model = await ServedModel.IdAsync(http, options.ChatModel.Path, cancellationToken);
        var serverLine = process is null
            ? $"server: {server} (model `{model}`)"
            : $"server: `omnia serve {string.Join(' ', ["--chat-model", Path.GetFileName(options.ChatModel.Path), "--parallel", $"{parallel}", "--context-size", $"{context}", .. extra])} --load-mode read --offline` (model `{model}`)";
        try
        {
            var opener = new RealtimeSessionOpener(server, model, options, TimeProvider.System);
            return options.Mode switch
            {
                RealtimeBenchMode.Conversation => await RealtimeConversationBench.RunAsync(options, opener, utterances, serverLine, log, cancellationToken),
                RealtimeBenchMode.Soak => await RealtimeSoak.RunAsync(options, opener, utterances, process?.ProcessId, http, serverLine, log, cancellationToken),
                _ => await RunLatencyAsync(options, opener, http, model, utterances, log, cancellationToken),
            };
        }
        catch (Exception e) when (process is not null && e is InvalidOperationException or HttpRequestException or System.Net.WebSockets.WebSocketException)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}server output:{Environment.NewLine}{process.OutputTail()}", e);
        }
    }

    private static async Task<string> RunLatencyAsync(
        RealtimeBenchOptions options, RealtimeSessionOpener opener, HttpClient http, string model, List<SpokenUtterance> utterances, TextWriter log, CancellationToken cancellationToken)
    {
        var naive = new NaiveCascade(http, model, options.Instructions, options.MaxOutputTokens);

        var modes = new (string Name, RealtimeTurnDetection Detection)[]
        {
            ("server_vad default (silence 500, prefix 300)", new RealtimeServerVadTurnDetection()),
            ($"server_vad tuned (silence {options.TunedSilenceMs}, prefix {options.TunedPrefixMs})", RealtimeSessionOpener.TunedServerVad(options)),
            ("semantic_vad (eagerness high)", new RealtimeSemanticVadTurnDetection { EagernessLevel = RealtimeSemanticVadEagernessLevel.High }),
        };

        await log.WriteLineAsync("warm-up: one realtime turn, one cascade turn");
        await RunSessionAsync(opener, options, modes[1].Detection, utterances, 0, 1, log, cancellationToken);
        await naive.RunAsync(utterances[0], cancellationToken);

        var results = new List<(string Name, List<RealtimeTurn> Turns, double Load)>();
        foreach (var (name, detection) in modes)
        {
            await log.WriteLineAsync($"realtime: {name}, {options.Turns} turns");
            var turns = await RunSessionAsync(opener, options, detection, utterances, 0, options.Turns, log, cancellationToken);
            results.Add((name, turns, SystemLoad.OneMinute()));
        }

        await log.WriteLineAsync($"naive cascade: {options.Turns} turns");
        var cascade = new List<NaiveCascadeTurn>();
        for (var i = 0; i < options.Turns; i++)
            cascade.Add(await naive.RunAsync(utterances[i % utterances.Count], cancellationToken));
        var cascadeLoad = SystemLoad.OneMinute();

        var capacity = new List<(int Sessions, List<RealtimeTurn> Turns, double Load)>();
        foreach (var sessions in options.Sessions)
        {
            if (sessions == 1)
            {
                capacity.Add((1, results[1].Turns, results[1].Load));
                continue;
            }
            var perSession = Math.Max(MinTurnsPerSession, (options.Turns + sessions - 1) / sessions);
            await log.WriteLineAsync($"capacity: {sessions} concurrent sessions × {perSession} turns, {modes[1].Name}");
            var runs = Enumerable.Range(0, sessions).Select(async s =>
            {
                // Staggered starts, so the sessions' turns do not end in lockstep.
                await Task.Delay(TimeSpan.FromMilliseconds(s * 740), cancellationToken);
                return await RunSessionAsync(opener, options, modes[1].Detection, utterances, s * 5, perSession, log, cancellationToken);
            });
            capacity.Add((sessions, (await Task.WhenAll(runs)).SelectMany(t => t).ToList(), SystemLoad.OneMinute()));
        }

        return Report(options, utterances, results, cascade, cascadeLoad, capacity);
    }

    private static async Task<List<RealtimeTurn>> RunSessionAsync(
        RealtimeSessionOpener opener, RealtimeBenchOptions options, RealtimeTurnDetection detection, List<SpokenUtterance> utterances, int offset, int turns,
        TextWriter log, CancellationToken cancellationToken)
    {
        await using var session = await opener.OpenAsync(detection, RealtimeSessionOpener.MaxOutputTokens(options.MaxOutputTokens), cancellationToken);
        var driver = new RealtimeSessionDriver(session, TimeProvider.System, options.ListenMs);
        var results = new List<RealtimeTurn>();
        for (var i = 0; i < turns; i++)
        {
            var turn = await driver.RunTurnAsync(utterances[(offset + i) % utterances.Count], cancellationToken);
            results.Add(turn);
            await log.WriteLineAsync($"  {(turn.LatencyMs is { } ms ? $"{ms,6:0} ms" : "  missed")}  cut-ins {turn.Interrupted}  heard '{turn.Transcript ?? "(nothing)"}'{(turn.Trail is null ? "" : $"; events: {turn.Trail}")}");
        }
        return results;
    }

    private static string Report(
        RealtimeBenchOptions options, List<SpokenUtterance> utterances, List<(string Name, List<RealtimeTurn> Turns, double Load)> results,
        List<NaiveCascadeTurn> cascade, double cascadeLoad, List<(int Sessions, List<RealtimeTurn> Turns, double Load)> capacity)
    {
        var text = new StringBuilder();
        var naiveFirst = LatencyStats.Of(cascade.Select(t => t.FirstAudioMs));
        text.AppendLine($"### End of speech → first audio ({utterances.Count} flite slt utterances cycled, 20 ms appends in real time, max_output_tokens {RealtimeConversationReport.Tokens(options.MaxOutputTokens)})").AppendLine();
        var latency = new MarkdownTable("pipeline", "turns", "answered", "p50 ms", "p95 ms", "max ms", "cut-in responses", "heard", "loadavg");
        foreach (var (name, turns, average) in results)
        {
            var stats = LatencyStats.Of(turns.Where(t => t.LatencyMs is not null).Select(t => t.LatencyMs!.Value));
            latency.Add("realtime " + name, turns.Count, stats.Count, stats.P50, stats.P95, stats.Max, turns.Sum(t => t.Interrupted),
                turns.Count(t => !string.IsNullOrWhiteSpace(t.Transcript)), average);
        }
        latency.Add("naive cascade: STT → chat → TTS (first byte)", cascade.Count, cascade.Count, naiveFirst.P50, naiveFirst.P95, naiveFirst.Max, 0, "-", cascadeLoad);
        text.Append(latency).AppendLine();

        var ratios = new MarkdownTable("realtime pipeline", "naive p50 / realtime p50", "naive p95 / realtime p95");
        foreach (var (name, turns, _) in results)
        {
            var stats = LatencyStats.Of(turns.Where(t => t.LatencyMs is not null).Select(t => t.LatencyMs!.Value));
            ratios.Add(name, naiveFirst.P50 / stats.P50, naiveFirst.P95 / stats.P95);
        }
        text.Append(ratios).AppendLine();

        text.AppendLine("Server trace (`response.omnia.latency`), medians in ms after the server's true end of speech:").AppendLine();
        var trace = new MarkdownTable(["pipeline", .. TraceStages.Select(s => s[..^3])]);
        foreach (var (name, turns, _) in results)
            trace.Add([name, .. TraceStages.Select(stage => (object)Median(turns.Select(t => t.ServerTrace.TryGetValue(stage, out var ms) ? ms : double.NaN)))]);
        text.Append(trace).AppendLine();

        text.AppendLine("Naive cascade stages, medians in ms:").AppendLine();
        text.Append(new MarkdownTable("transcription", "chat (whole answer)", "speech to first byte", "end of speech → first byte", "end of speech → last byte")
            .Add(Median(cascade.Select(t => t.TranscribeMs)), Median(cascade.Select(t => t.ChatMs)), Median(cascade.Select(t => t.SpeechFirstByteMs)),
                Median(cascade.Select(t => t.FirstAudioMs)), Median(cascade.Select(t => t.LastAudioMs)))).AppendLine();

        text.AppendLine($"### Concurrent sessions ({results[1].Name}), end of speech → first audio").AppendLine();
        var load = new MarkdownTable("sessions", "turns", "answered", "p50 ms", "p95 ms", "max ms", "cut-in responses", $"p95 < {CapacityP95Ms:0} ms", "loadavg");
        foreach (var (sessions, turns, avg) in capacity)
        {
            var stats = LatencyStats.Of(turns.Where(t => t.LatencyMs is not null).Select(t => t.LatencyMs!.Value));
            load.Add(sessions, turns.Count, stats.Count, stats.P50, stats.P95, stats.Max, turns.Sum(t => t.Interrupted),
                stats.Count == turns.Count && stats.P95 < CapacityP95Ms ? "yes" : "no", avg);
        }
        text.Append(load).AppendLine();
        var held = capacity.Where(c => LatencyStats.Of(c.Turns.Where(t => t.LatencyMs is not null).Select(t => t.LatencyMs!.Value)) is var s
            && s.Count == c.Turns.Count && s.P95 < CapacityP95Ms).Select(c => c.Sessions).DefaultIfEmpty(0).Max();
        text.AppendLine($"Sessions held with p95 < {CapacityP95Ms:0} ms: {held} (of {string.Join(", ", capacity.Select(c => c.Sessions))} tried).");
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var known = values.Where(v => !double.IsNaN(v)).ToList();
        return known.Count == 0 ? double.NaN : LatencyStats.Of(known).P50;
    }
}
