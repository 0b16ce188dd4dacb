using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Omnia.Bench.Fuzz;

/// <summary>
/// <c>bench fuzz</c>: replays the malformed-request corpora against a server, one endpoint after another, and prints
/// status counts, transport failures, hangs, crashes, latency and the server's RSS before, at peak, after and after an
/// idle wait, with a verdict line. A server it started is restarted after a crash so later endpoints still run.
/// </summary>
internal static class FuzzBench
{
    public static Command Command(string root)
    {
        var url = new Option<string?>("--url") { Description = "Fuzz a running server (e.g. http://127.0.0.1:8080/) instead of starting one." };
        url.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !Uri.TryCreate(text, UriKind.Absolute, out _))
            {
                result.AddError($"--url must be an absolute http(s) URL; got '{text}'.");
            }
        });
        var pid = new Option<int?>("--pid") { Description = "With --url: the server's process id, for its RSS and to tell a crash from a network error." };
        var apiKey = new Option<string?>("--api-key") { Description = "API key for a server started with --api-key." };
        var endpoint = new Option<string[]>("--endpoint")
        {
            Description = $"Only these endpoints (repeatable or comma-separated): {string.Join(", ", FuzzOptions.AllEndpoints)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        endpoint.Validators.Add(result =>
        {
            foreach (var name in Split(result.GetValueOrDefault<string[]>()).Where(n => !FuzzOptions.AllEndpoints.Contains(n)))
            {
                result.AddError($"--endpoint takes {string.Join(", ", FuzzOptions.AllEndpoints)}; got '{name}'.");
            }
        });
        var requests = new Option<int>("--requests") { Description = "Requests per HTTP endpoint.", DefaultValueFactory = _ => 10_000 };
        var sessions = new Option<int>("--realtime-sessions") { Description = "Realtime sessions (a few malformed events each).", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests (or sessions) in flight at once.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated corpus (the same seed sends the same requests).", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout-seconds") { Description = "An answer slower than this is a hang.", DefaultValueFactory = _ => 30 };
        var maxHangs = new Option<int>("--max-hangs") { Description = "Stop an endpoint after this many hangs.", DefaultValueFactory = _ => 10 };
        var maxCrashes = new Option<int>("--max-crashes")
        {
            Description = "Stop an endpoint after this many crashes (a server the bench started is restarted in between).",
            DefaultValueFactory = _ => 1,
        };
        var idle = new Option<int>("--idle-seconds") { Description = "Idle wait before the last RSS reading.", DefaultValueFactory = _ => 60 };
        var warmUp = new Option<int>("--warm-up-requests")
        {
            Description = "Requests per HTTP endpoint (a tenth as many realtime sessions) of a first pass, with another seed, before the RSS start.",
            DefaultValueFactory = _ => 500,
        };
        var maxBody = new Option<int>("--max-body") { Description = "Largest request body the corpora build, in bytes.", DefaultValueFactory = _ => 10 << 20 };
        var rssLimit = new Option<int>("--rss-limit-mb") { Description = "Stop an endpoint (and kill a server this bench started) above this RSS.", DefaultValueFactory = _ => 4096 };
        var cli = new Option<string>("--cli")
        {
            Description = "The built Omnia CLI to start.",
            DefaultValueFactory = _ => Path.Combine(root, "src", "Omnia.Cli", "bin", "Release", "net10.0", "linux-x64", "omnia.dll"),
        };
        var modelsDir = new Option<string>("--models-dir")
        {
            Description = "Models directory for the started server (stories260K.gguf, silero_vad.onnx).",
            DefaultValueFactory = _ => Path.GetFullPath(Path.Combine(root, "..", "shared", "models")),
        };

        var command = new Command("fuzz", "Replay malformed-request corpora against a server: status counts, 5xx, hangs, crashes, RSS before and after.")
        {
            url, pid, apiKey, endpoint, requests, sessions, concurrency, seed, timeout, maxHangs, maxCrashes, idle, warmUp, maxBody, rssLimit, cli, modelsDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = Split(parse.GetValue(endpoint));
            var options = new FuzzOptions
            {
                Url = parse.GetValue(url) is { } text ? new Uri(text.EndsWith('/') ? text : text + "/") : null,
                Pid = parse.GetValue(pid),
                ApiKey = parse.GetValue(apiKey),
                Endpoints = FuzzOptions.AllEndpoints.Where(e => chosen.Count == 0 || chosen.Contains(e)).ToArray(),
                Requests = Math.Max(1, parse.GetValue(requests)),
                RealtimeSessions = Math.Max(1, parse.GetValue(sessions)),
                Concurrency = Math.Clamp(parse.GetValue(concurrency), 1, 256),
                Seed = parse.GetValue(seed),
                RequestTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
                MaxHangs = Math.Max(1, parse.GetValue(maxHangs)),
                MaxCrashes = Math.Max(1, parse.GetValue(maxCrashes)),
                Idle = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(idle))),
                WarmUpRequests = Math.Max(0, parse.GetValue(warmUp)),
                MaxBody = Math.Max(64 << 10, parse.GetValue(maxBody)),
                RssLimitBytes = Math.Max(256, parse.GetValue(rssLimit)) * (1L << 20),
                CliDll = parse.GetValue(cli)!,
                ModelsDir = parse.GetValue(modelsDir)!,
            };
            var report = await RunAsync(options, Console.Error, cancellationToken);
            Console.Out.Write(report);
            return report.Passed ? 0 : 1;
        });
        return command;
    }

    public static async Task<FuzzReport> RunAsync(FuzzOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await using var server = await ServerUnderTest.StartAsync(options, log, cancellationToken);
        var model = await ChatModelAsync(server, cancellationToken);
        log.WriteLine($"fuzz: chat model '{model}', corpus seed {options.Seed}");
        await WarmUpAsync(server, model, log, cancellationToken);
        var rssFirstUse = server.Rss();

        FuzzPass? warmUp = null;
        if (options.WarmUpRequests > 0)
        {
            log.WriteLine($"fuzz: warm-up pass, {options.WarmUpRequests} requests per endpoint with seed {options.WarmUpPass().Seed}");
            warmUp = await RunPassAsync(server, model, options.WarmUpPass(), serverLost: false, log, cancellationToken);
        }

        // The start is read as the end is: after the idle wait, once the server has given back what the burst took.
        if (warmUp is { ServerLost: false } && options.Idle > TimeSpan.Zero)
        {
            log.WriteLine($"fuzz: idle {options.Idle.TotalSeconds:F0} s before the soak's start RSS");
            await Task.Delay(options.Idle, cancellationToken);
        }

        var soak = await RunPassAsync(server, model, options, warmUp?.ServerLost ?? false, log, cancellationToken);
        var rssEnd = soak.ServerLost ? null : server.Rss();
        long? rssIdle = null;
        if (rssEnd is not null && options.Idle > TimeSpan.Zero)
        {
            log.WriteLine($"fuzz: idle {options.Idle.TotalSeconds:F0} s before the last RSS reading");
            await Task.Delay(options.Idle, cancellationToken);
            rssIdle = server.Rss();
        }

        return new FuzzReport
        {
            Options = options,
            Server = options.Url is null ? "omnia serve on stories260K started by the bench" : $"server at {options.Url}",
            Endpoints = soak.Tallies,
            Crashes = [.. warmUp?.Crashes ?? [], .. soak.Crashes],
            NotRun = soak.NotRun,
            WarmUp = warmUp?.Tallies ?? [],
            Restarts = server.Restarts,
            RssFirstUse = rssFirstUse,
            RssStart = soak.RssStart,
            RssEnd = rssEnd,
            RssIdle = rssIdle ?? (options.Idle == TimeSpan.Zero ? rssEnd : null),
        };
    }

    /// <summary>Every endpoint of <paramref name="options"/> once, restarting a server this bench started after a crash.</summary>
    private static async Task<FuzzPass> RunPassAsync(ServerUnderTest server, string model, FuzzOptions options, bool serverLost, TextWriter log,
        CancellationToken cancellationToken)
    {
        var pass = new FuzzPass { ServerLost = serverLost, RssStart = server.Rss() };
        foreach (var name in options.Endpoints)
        {
            if (pass.ServerLost)
            {
                if (!await server.RestartAsync(cancellationToken))
                {
                    pass.NotRun.Add(name);
                    continue;
                }

                await WarmUpAsync(server, model, log, cancellationToken);
                pass.RssStart = server.Rss();
                pass.ServerLost = false;
            }

            var (tally, send, count) = Endpoint(server, name, model, options);
            log.WriteLine($"fuzz: {tally.Endpoint}: {count} {(name == "realtime" ? "sessions" : "requests")}");
            if (name == "moderations" && await AbsentAsync(server, cancellationToken))
            {
                tally.Absent = true;
                pass.Tallies.Add(tally);
                continue;
            }

            tally.RssBefore = server.Rss();
            var from = 0;
            while (true)
            {
                using var stop = new EndpointStop(cancellationToken);
                from = await RunUntilStoppedAsync(server, tally, stop, send, from, options, log);
                if (stop.Reason is not { } reason)
                {
                    break;
                }

                tally.StoppedBecause = reason;
                pass.ServerLost = stop.ServerLost;
                if (stop.ServerLost)
                {
                    tally.Crashes += stop.Crashed ? 1 : 0;
                    tally.Killed += stop.Killed ? 1 : 0;
                    foreach (var inFlight in stop.InFlightAtStop)
                    {
                        tally.InFlightAtCrash(inFlight);
                    }

                    pass.Crashes.Add(new FuzzCrash(tally.Endpoint, reason, stop.InFlightAtStop, server.OutputTail()));
                }

                // After a crash (or a kill at the RSS limit), a server this bench started is started again and the corpus
                // goes on, up to --max-crashes.
                if (!(stop.Crashed || stop.Killed) || tally.Crashes + tally.Killed >= options.MaxCrashes || from >= count || !server.Owned)
                {
                    break;
                }

                log.WriteLine($"fuzz: {tally.Endpoint}: {reason} after {from} requests; restarting the server and going on");
                await server.RestartAsync(cancellationToken);
                await WarmUpAsync(server, model, log, cancellationToken);
                pass.RssStart = server.Rss();
                pass.ServerLost = false;
            }

            tally.RssAfter = server.Rss();
            tally.RssPeak = tally.RssAfter is { } after ? Math.Max(tally.RssPeak ?? 0, after) : tally.RssPeak;
            pass.Tallies.Add(tally);
            log.WriteLine($"fuzz: {tally.Endpoint}: {tally.Sent} sent, {tally.ServerErrors} 5xx, {tally.Hangs} hangs, {tally.Crashes} crashes, {tally.Killed} killed{(tally.StoppedBecause is { } why ? $", stopped: {why}" : "")}");
        }

        return pass;
    }

    /// <summary>The tally, the runner and the request count of one endpoint family.</summary>
    private static (EndpointTally Tally, Func<EndpointStop, int, Task<int>> Send, int Count) Endpoint(
        ServerUnderTest server, string name, string model, FuzzOptions options)
    {
        if (name == "realtime")
        {
            var realtime = new RealtimeCorpus(options.MaxBody);
            var sessions = new FuzzSequence<RealtimeFuzzSession>(realtime, options.Seed, options.RealtimeSessions);
            var realtimeTally = new EndpointTally(realtime.Endpoint);
            return (realtimeTally, (stop, from) => RealtimeFuzzRunner.RunAsync(server, sessions, realtimeTally, options, stop, from), sessions.Count);
        }

        IFuzzCorpus<FuzzRequest> corpus = name switch
        {
            "models" => new ModelsCorpus(model),
            "moderations" => new ModerationsCorpus(options.MaxBody),
            "speech" => new SpeechCorpus(options.MaxBody),
            "transcriptions" => new AudioCorpus(translations: false, options.MaxBody),
            "translations" => new AudioCorpus(translations: true, options.MaxBody),
            _ => new ChatCorpus(model, options.MaxBody),
        };
        var requests = new FuzzSequence<FuzzRequest>(corpus, options.Seed, options.Requests);
        var tally = new EndpointTally(corpus.Endpoint);
        return (tally, (stop, from) => HttpFuzzRunner.RunAsync(server, requests, tally, options, stop, from), requests.Count);
    }

    /// <summary>Sends from <paramref name="from"/> while the server is watched; returns where a resumed run starts.</summary>
    private static async Task<int> RunUntilStoppedAsync(ServerUnderTest server, EndpointTally tally, EndpointStop stop,
        Func<EndpointStop, int, Task<int>> send, int from, FuzzOptions options, TextWriter log)
    {
        using var watchDone = new CancellationTokenSource();
        var watch = ServerWatch.WatchAsync(server, tally, stop, options.RssLimitBytes, log, watchDone.Token);
        try
        {
            from = await send(stop, from);
        }
        finally
        {
            await watchDone.CancelAsync();
            await watch;
        }

        // A crash seen by a worker may come before the watch's next look; either way the process is gone.
        if (server.HasExited)
        {
            stop.Stop($"crash ({server.ExitDescription})", crashed: true);
        }

        return from;
    }

    /// <summary>The chat model's id as the server lists it (stories260K by default).</summary>
    private static async Task<string> ChatModelAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        using var http = server.CreateClient(1);
        try
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/models", UriKind.Relative), cancellationToken));
            var ids = document.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
            return ids.FirstOrDefault(id => id.Contains("stories", StringComparison.OrdinalIgnoreCase)) ?? ids.FirstOrDefault() ?? "stories260K";
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "stories260K";
        }
    }

    /// <summary>One valid request per engine and one realtime session, so first-use loading is not counted as growth in the RSS comparison.</summary>
    private static async Task WarmUpAsync(ServerUnderTest server, string model, TextWriter log, CancellationToken cancellationToken)
    {
        using var http = server.CreateClient(1);
        var form = new Multipart().File("file", "tone.wav", MediaBytes.ToneWav()).Field("model", "whisper-1");
        var requests = new[]
        {
            new FuzzRequest("warm-up", HttpMethod.Post, "v1/chat/completions",
                Encoding.UTF8.GetBytes($"{{\"model\":{JsonSerializer.Serialize(model)},\"messages\":[{{\"role\":\"user\",\"content\":\"Once upon a time\"}}],\"max_tokens\":4}}"),
                "application/json"),
            new FuzzRequest("warm-up", HttpMethod.Post, "v1/audio/transcriptions", form.ToArray(), form.ContentType),
            new FuzzRequest("warm-up", HttpMethod.Post, "v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"Hello there.\",\"voice\":\"alloy\",\"response_format\":\"wav\"}"u8.ToArray(), "application/json"),
        };
        foreach (var request in requests)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(60));
                using var message = request.ToHttpRequestMessage(http.BaseAddress!);
                using var response = await http.SendAsync(message, timeout.Token);
                log.WriteLine($"fuzz: warm-up {request.Path}: {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                log.WriteLine($"fuzz: warm-up {request.Path} failed: {e.Message}");
            }
        }
        log.WriteLine($"fuzz: warm-up v1/realtime: {await RealtimeWarmUp.RunAsync(server, cancellationToken)}");
    }

    /// <summary>Whether the route is not served at all: a valid request answers 404 (an unknown route, not an unknown model).</summary>
    private static async Task<bool> AbsentAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        using var http = server.CreateClient(1);
        using var response = await http.PostAsync(new Uri("v1/moderations", UriKind.Relative),
            new StringContent("{\"input\":\"I like dogs.\"}", Encoding.UTF8, "application/json"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound;
    }

    private static List<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
