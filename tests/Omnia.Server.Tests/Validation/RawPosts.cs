using System.Net.Http.Headers;
using System.Text.Json;

namespace Omnia.Server.Tests.Validation;

/// <summary>Posts exact bytes, as a hostile client would, and reads back whatever came: status, raw body and its JSON.</summary>
internal static class RawPosts
{
    public static async Task<(int Status, string Body)> PostAsync(HttpClient http, string path, HttpContent content)
    {
        using var response = await http.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<(int Status, string Body)> PostJsonAsync(HttpClient http, string path, byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return PostAsync(http, path, content);
    }

    public static Task<(int Status, string Body)> PostJsonAsync(HttpClient http, string path, string json) =>
        PostJsonAsync(http, path, System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>The OpenAI error object of a body, asserting its shape: a message and a type, param and code strings or null.</summary>
    public static JsonElement Error(string body)
    {
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.GetProperty("param").ValueKind is JsonValueKind.String or JsonValueKind.Null);
        Assert.True(error.GetProperty("code").ValueKind is JsonValueKind.String or JsonValueKind.Null);
        return error;
    }

    public static void AssertBadRequest(int status, string body, string? param)
    {
        Assert.True(status == 400, $"expected 400, got {status}: {body[..Math.Min(body.Length, 500)]}");
        Assert.Equal(param, Error(body).GetProperty("param").GetString());
    }
}
