using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Bench;

/// <summary>Streams chat completions from a running Omnia server and times the SSE content chunks.</summary>
/// <remarks>One content chunk is one token (the server's streaming contract), so chunks are what is counted.</remarks>
internal sealed class HttpStreamBench(HttpClient client, string model)
{
    /// <summary>Asks <c>GET /v1/models</c> for the served chat model's id.</summary>
    public static async Task<string> FirstModelIdAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri("v1/models", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body?["data"]?[0]?["id"]?.GetValue<string>()
               ?? throw new InvalidOperationException($"GET /v1/models listed no model: {body?.ToJsonString()}");
    }

    /// <summary>Runs <paramref name="concurrency"/> streams at once, each asking for <paramref name="maxTokens"/> tokens.</summary>
    public async Task<HttpStreamResult> RunAsync(int concurrency, int maxTokens, CancellationToken cancellationToken)
    {
        var traces = await Task.WhenAll(
            Enumerable.Range(0, concurrency).Select(i => StreamOnceAsync(maxTokens, i, cancellationToken)));
        var empty = traces.Count(t => t.Chunks == 0);
        if (empty > 0)
        {
            throw new InvalidOperationException($"{empty} of {concurrency} streams returned no content chunks.");
        }

        var frequency = (double)Stopwatch.Frequency;
        var whole = traces.Sum(t => t.Chunks - 1) / ((traces.Max(t => t.Last) - traces.Min(t => t.First)) / frequency);
        var allStarted = traces.Max(t => t.First);
        var firstDone = traces.Min(t => t.Last);
        var steadyTokens = traces.Sum(t => t.ChunkTimestamps.Count(at => at > allStarted && at <= firstDone));
        // Too few steps with every stream running (streams that ended early) to time: fall back to the whole span.
        var steady = steadyTokens >= concurrency * 8 ? steadyTokens / ((firstDone - allStarted) / frequency) : whole;
        return new HttpStreamResult(
            concurrency,
            steady,
            whole,
            LatencyStats.Of(traces.SelectMany(t => t.Gaps())),
            traces.Count(t => t.Chunks < maxTokens),
            SystemLoad.OneMinute());
    }

    /// <summary>One streamed completion; returns when <c>data: [DONE]</c> arrives.</summary>
    public async Task<StreamTrace> StreamOnceAsync(int maxTokens, int index, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = $"{LlmBenchOptions.StreamPrompt} (story {index})",
            }),
            ["stream"] = true,
            ["max_tokens"] = maxTokens,
            ["temperature"] = 0,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/chat/completions", UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"POST /v1/chat/completions answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var timestamps = new List<long>(maxTokens);
        string? finishReason = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data:".Length..].Trim();
            if (data == "[DONE]")
            {
                return new StreamTrace(timestamps, finishReason);
            }

            var now = Stopwatch.GetTimestamp();
            using var chunk = JsonDocument.Parse(data);
            if (!chunk.RootElement.TryGetProperty("choices", out var choices) || choices.GetArrayLength() == 0)
            {
                continue; // e.g. the usage-only chunk
            }

            var choice = choices[0];
            if (choice.TryGetProperty("delta", out var delta)
                && delta.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String
                && content.GetString()!.Length > 0)
            {
                timestamps.Add(now);
            }

            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                finishReason = finish.GetString();
            }
        }

        throw new InvalidOperationException($"Stream {index} ended without data: [DONE] after {timestamps.Count} chunks.");
    }
}
