using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omnia.Server.RateLimits;

namespace Omnia.Server.Tests.RateLimits;

/// <summary>Per-key requests and tokens per minute through a real server: 429 in OpenAI's shape, its headers, usage per key.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string RequestsKey = "key-requests";
    private const string TokensKey = "key-tokens";
    private const string SmallKey = "key-small";
    private const string OtherKey = "key-other";
    private const string RefundKey = "key-refund";
    private OmniaServerInstance _server = null!;

    public async Task InitializeAsync() => _server = await OmniaServerInstance.StartAsync(StoriesSettings.With([RequestsKey, TokensKey, SmallKey, OtherKey, RefundKey]) with
    {
        RateLimits = new RateLimitOptions
        {
            RequestsPerMinute = 3,
            TokensPerMinute = 2000,
            Keys = { [StoriesSettings.KeyId(SmallKey)] = new KeyRateLimit { TokensPerMinute = 10 } },
        },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Past_its_requests_per_minute_a_key_gets_a_429_with_retry_after_while_other_keys_go_on()
    {
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await _server.Http.SendAsync(StoriesSettings.Get("v1/models", RequestsKey));
            Assert.Equal(200, (int)ok.StatusCode);
            Assert.Equal("3", Header(ok, "x-ratelimit-limit-requests"));
            Assert.Equal("2000", Header(ok, "x-ratelimit-limit-tokens"));
            Assert.Matches(@"^(\d+ms|(\d+m)?\d+(\.\d+)?s)$", Header(ok, "x-ratelimit-reset-requests"));
            remaining.Add(Header(ok, "x-ratelimit-remaining-requests"));
        }
        using var refused = await _server.Http.SendAsync(StoriesSettings.Get("v1/models", RequestsKey));
        using var other = await _server.Http.SendAsync(StoriesSettings.Get("v1/models", OtherKey));

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(429, (int)refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.InRange(int.Parse(Header(refused, "Retry-After")), 1, 20);   // one request comes back every 20 s
        Assert.InRange(long.Parse(Header(refused, "retry-after-ms")), 1, 20_000);
        Assert.Equal("0", Header(refused, "x-ratelimit-remaining-requests"));
        Assert.Equal(200, (int)other.StatusCode);
        Assert.Equal("2", Header(other, "x-ratelimit-remaining-requests"));
    }

    [Fact]
    public async Task Tokens_are_admitted_on_the_estimate_and_settled_with_the_real_usage()
    {
        using var tooLarge = await PostChatAsync(TokensKey, maxTokens: 3000);
        using var answered = await PostChatAsync(TokensKey, maxTokens: 20);
        using var overridden = await PostChatAsync(SmallKey, maxTokens: 20);

        Assert.Equal(429, (int)tooLarge.StatusCode);
        var error = (await tooLarge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("tokens", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Contains("Request too large", error.GetProperty("message").GetString());
        Assert.False(tooLarge.Headers.Contains("Retry-After"), "waiting cannot help a request larger than the limit");

        Assert.Equal(200, (int)answered.StatusCode);
        var usage = (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usage").GetProperty("total_tokens").GetInt32();
        var remaining = int.Parse(Header(answered, "x-ratelimit-remaining-tokens"));
        // The real usage, not the estimate, is what the key was charged (plus what refilled meanwhile: 33 a second).
        Assert.InRange(remaining, 2000 - usage, 2000 - usage + 100);

        Assert.Equal(429, (int)overridden.StatusCode);
        Assert.Equal("10", Header(overridden, "x-ratelimit-limit-tokens"));
    }

    [Fact]
    public async Task A_request_that_fails_after_its_tokens_were_reserved_gives_them_back()
    {
        var body = ChatRequests.Body("Describe this", 1500);
        body["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = "Describe this" },
                new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "http://127.0.0.1:1/cat.png" } }),
        });
        using var failed = await _server.Http.SendAsync(StoriesSettings.With(new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) }, RefundKey));
        using var after = await _server.Http.SendAsync(StoriesSettings.Get("v1/models", RefundKey));

        Assert.InRange((int)failed.StatusCode, 400, 499);
        Assert.Equal("2000", Header(after, "x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task Metrics_count_requests_and_tokens_per_key_id_and_never_show_a_key()
    {
        using (await PostChatAsync(OtherKey, maxTokens: 5)) { }
        using var response = await _server.Http.SendAsync(StoriesSettings.Get("metrics", OtherKey));
        var metrics = await response.Content.ReadAsStringAsync();

        var id = StoriesSettings.KeyId(OtherKey);
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("omnia_key_requests_total{", StringComparison.Ordinal) && line.Contains($"key=\"{id}\""));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("omnia_key_completion_tokens_total{", StringComparison.Ordinal) && line.Contains($"key=\"{id}\""));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("omnia_key_prompt_tokens_total{", StringComparison.Ordinal) && line.Contains($"key=\"{id}\""));
        Assert.DoesNotContain("key-", metrics);
    }

    private Task<HttpResponseMessage> PostChatAsync(string key, int maxTokens) =>
        _server.Http.SendAsync(StoriesSettings.With(new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = JsonContent.Create(ChatRequests.Body("Once upon a time", maxTokens, seed: 1)),
        }, key));

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"No {name} header.");
}
