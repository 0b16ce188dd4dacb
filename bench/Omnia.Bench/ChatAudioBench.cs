using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Bench;

/// <summary>
/// Spoken chat answers streamed: how soon the first audio delta arrives against when the last text delta does
/// (stories260K writes, espeak-ng speaks clause by clause while it writes).
/// </summary>
internal static class ChatAudioBench
{
    public static Command Command(string root)
    {
        var requests = new Option<int>("--requests") { Description = "Streamed answers measured.", DefaultValueFactory = _ => 20 };
        var maxTokens = new Option<int>("--tokens") { Description = "Tokens per answer.", DefaultValueFactory = _ => 200 };
        var cli = new Option<string>("--cli")
        {
            Description = "The built Omnia CLI.",
            DefaultValueFactory = _ => Path.Combine(root, "src", "Omnia.Cli", "bin", "Release", "net10.0", "linux-x64", "omnia.dll"),
        };
        var command = new Command("chat-audio", "Time to the first audio delta against time to the last text delta of streamed spoken answers.") { requests, maxTokens, cli };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var model = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf"));
            await using var server = await OmniaServerProcess.StartAsync(parse.GetValue(cli)!, model, 4, 1024, TimeSpan.FromMinutes(2), cancellationToken);
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            await OneAsync(http, 20, 0, cancellationToken);
            var firstAudio = new List<double>();
            var lastText = new List<double>();
            for (var i = 1; i <= parse.GetValue(requests); i++)
            {
                var (audio, text) = await OneAsync(http, parse.GetValue(maxTokens), i, cancellationToken);
                firstAudio.Add(audio);
                lastText.Add(text);
            }
            var a = LatencyStats.Of(firstAudio);
            var t = LatencyStats.Of(lastText);
            var table = new MarkdownTable("measure", "p50 ms", "p95 ms", "max ms")
                .Add("first audio delta", a.P50.ToString("0.0"), a.P95.ToString("0.0"), a.Max.ToString("0.0"))
                .Add("last text delta", t.P50.ToString("0.0"), t.P95.ToString("0.0"), t.Max.ToString("0.0"));
            Console.Out.Write($"## Streamed spoken answers ({parse.GetValue(requests)} answers of {parse.GetValue(maxTokens)} tokens, loadavg {SystemLoad.OneMinute():0.0})\n\n{table}\n" +
                $"first audio / last text at p50: {a.P50 / t.P50:0.000}\n");
            return 0;
        });
        return command;
    }

    private static async Task<(double FirstAudioMs, double LastTextMs)> OneAsync(HttpClient http, int maxTokens, int seed, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = "stories260K", ["stream"] = true, ["max_tokens"] = maxTokens, ["seed"] = seed, ["ignore_eos"] = true,
            ["modalities"] = new JsonArray("text", "audio"), ["audio"] = new JsonObject { ["voice"] = "alloy", ["format"] = "pcm16" },
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Once upon a time" }),
        };
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        double? firstAudio = null;
        double lastText = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal) || line == "data: [DONE]") continue;
            var chunk = JsonDocument.Parse(line[6..]).RootElement;
            if (!chunk.TryGetProperty("choices", out var choices) || choices.GetArrayLength() == 0) continue;
            if (!choices[0].GetProperty("delta").TryGetProperty("audio", out var audio)) continue;
            var now = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (audio.TryGetProperty("transcript", out _)) lastText = now;
            if (audio.GetProperty("data").GetString() is { Length: > 0 }) firstAudio ??= now;
        }
        return (firstAudio ?? double.NaN, lastText);
    }
}
