using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests;

/// <summary>Helpers that speak raw HTTP to the server, so tests see exactly what a client sees.</summary>
internal static class ChatRequests
{
    public static JsonObject Body(string prompt, int maxTokens, long? seed = null, bool stream = false)
    {
        var body = new JsonObject
        {
            ["model"] = "stories260k",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            ["max_tokens"] = maxTokens,
            ["stream"] = stream,
        };
        if (seed is not null) body["seed"] = seed;
        return body;
    }

    public static async Task<(int Status, JsonElement Json)> PostAsync(HttpClient http, JsonObject body, string path = "v1/chat/completions")
    {
        using var response = await http.PostAsJsonAsync(path, body);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task<(int Status, JsonElement Json)> PostRawAsync(HttpClient http, string content, string path = "v1/chat/completions")
    {
        using var response = await http.PostAsync(path, new StringContent(content, System.Text.Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Reads an SSE response to the end: the JSON of each <c>data:</c> line, and whether <c>[DONE]</c> closed it.</summary>
    public static async Task<(List<JsonElement> Chunks, bool Done, string ContentType)> StreamAsync(HttpClient http, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var chunks = new List<JsonElement>();
        var done = false;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var data = line["data: ".Length..];
            if (data == "[DONE]") { done = true; break; }
            chunks.Add(JsonSerializer.Deserialize<JsonElement>(data));
        }
        return (chunks, done, response.Content.Headers.ContentType?.MediaType ?? "");
    }

    public static string Text(JsonElement completion) => completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? "";

    public static string StreamedText(IEnumerable<JsonElement> chunks) => string.Concat(chunks
        .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
        .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
        .Select(d => d.TryGetProperty("content", out var content) ? content.GetString() : ""));
}
