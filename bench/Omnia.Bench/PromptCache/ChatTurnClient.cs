using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Bench.PromptCache;

/// <summary>Sends streamed chat completions with usage and times their content chunks.</summary>
internal sealed class ChatTurnClient(HttpClient client, string model)
{
    /// <summary>
    /// Streams one completion to its end. When <paramref name="stop"/> fires first, the stream is dropped (the
    /// server cancels it) and what arrived so far is returned.
    /// </summary>
    public async Task<ChatTurnResult> SendAsync(
        ChatTurnRequest turn, Action<long>? onChunk, CancellationToken stop, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
        var timestamps = new List<long>(turn.MaxTokens);
        var answer = new StringBuilder();
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/chat/completions", UriKind.Relative))
            {
                Content = new StringContent(Body(turn).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            sentAt = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"POST /v1/chat/completions answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(linked.Token)}");
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(linked.Token));
            int? promptTokens = null;
            var cachedTokens = 0;
            while (await reader.ReadLineAsync(linked.Token) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                {
                    continue;
                }

                var data = line["data:".Length..].Trim();
                if (data == "[DONE]")
                {
                    return new ChatTurnResult(sentAt, timestamps, answer.ToString(), promptTokens, cachedTokens);
                }

                var now = Stopwatch.GetTimestamp();
                using var chunk = JsonDocument.Parse(data);
                var root = chunk.RootElement;
                if (root.TryGetProperty("error", out var error))
                {
                    throw new InvalidOperationException($"The stream failed after {timestamps.Count} chunks: {error}");
                }

                if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
                    cachedTokens = usage.TryGetProperty("prompt_tokens_details", out var details)
                                   && details.ValueKind == JsonValueKind.Object
                                   && details.TryGetProperty("cached_tokens", out var cached)
                                   && cached.ValueKind == JsonValueKind.Number
                        ? cached.GetInt32()
                        : 0;
                }

                if (root.TryGetProperty("choices", out var choices)
                    && choices.GetArrayLength() > 0
                    && choices[0].TryGetProperty("delta", out var delta)
                    && delta.TryGetProperty("content", out var content)
                    && content.GetString() is { Length: > 0 } text)
                {
                    timestamps.Add(now);
                    answer.Append(text);
                    onChunk?.Invoke(now);
                }
            }

            throw new InvalidOperationException($"The stream ended without data: [DONE] after {timestamps.Count} chunks.");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ChatTurnResult(sentAt, timestamps, answer.ToString(), null, 0);
        }
    }

    private JsonObject Body(ChatTurnRequest turn)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(turn.Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["max_tokens"] = turn.MaxTokens,
            ["temperature"] = 0,
            ["ignore_eos"] = turn.IgnoreEos,
        };
        if (turn.CachePrompt is { } cachePrompt)
        {
            body["cache_prompt"] = cachePrompt;
        }

        return body;
    }
}
