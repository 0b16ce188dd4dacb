using System.Security.Cryptography;
using System.Text;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests.RateLimits;

/// <summary>The suite's stories260K server settings, for tests that start one with their own keys and limits.</summary>
internal static class StoriesSettings
{
    public static ServeSettings With(IReadOnlyList<string> apiKeys) => new()
    {
        ChatModel = "stories260k",
        Parallel = 4,
        ContextSize = 2048,
        Threads = 1,
        ChatTemplate = OmniaServerInstance.ToolChatTemplate,
        ApiKeys = apiKeys,
    };

    /// <summary>The id a key is known by in <c>/metrics</c> and in per-key limits: the first 8 hex digits of its SHA-256.</summary>
    public static string KeyId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    public static HttpRequestMessage Get(string path, string? key) => With(new HttpRequestMessage(HttpMethod.Get, path), key);

    public static HttpRequestMessage With(HttpRequestMessage request, string? key)
    {
        if (key is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return request;
    }
}
