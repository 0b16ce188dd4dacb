using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Responses;

/// <summary>Raw HTTP to the Responses and Conversations endpoints, so tests see exactly what a client sees.</summary>
internal static class ResponsesHttp
{
    public static JsonObject Body(string input, int maxOutputTokens = 16) => new()
    {
        ["model"] = "stories260k",
        ["input"] = input,
        ["max_output_tokens"] = maxOutputTokens,
        ["temperature"] = 0,
    };

    public static async Task<(int Status, JsonElement Json)> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static Task<(int Status, JsonElement Json)> PostAsync(HttpClient http, string path, JsonNode body) => SendAsync(http, HttpMethod.Post, path, body);

    public static Task<(int Status, JsonElement Json)> GetAsync(HttpClient http, string path) => SendAsync(http, HttpMethod.Get, path);

    /// <summary>Reads an SSE response to its end: each event's name and JSON data.</summary>
    public static async Task<List<(string Event, JsonElement Data)>> StreamAsync(HttpClient http, JsonObject body)
    {
        body["stream"] = true;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/responses") { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) events.Add((name ?? "", JsonSerializer.Deserialize<JsonElement>(line["data: ".Length..])));
        }
        return events;
    }

    public static string Error(JsonElement json, string field = "param") => json.GetProperty("error").GetProperty(field).GetString() ?? "";

    /// <summary>The text of every output_text part of a response object.</summary>
    public static string OutputText(JsonElement response) => string.Concat(response.GetProperty("output").EnumerateArray()
        .Where(item => item.GetProperty("type").GetString() == "message")
        .SelectMany(item => item.GetProperty("content").EnumerateArray())
        .Select(part => part.GetProperty("text").GetString()));
}
