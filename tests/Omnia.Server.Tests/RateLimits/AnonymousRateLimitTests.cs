using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Server.RateLimits;

namespace Omnia.Server.Tests.RateLimits;

/// <summary>Without API keys, every client shares one anonymous budget; without limits, nothing is limited or announced.</summary>
public sealed class AnonymousRateLimitTests
{
    [Fact]
    public async Task Without_keys_all_clients_share_one_budget()
    {
        await using var server = await OmniaServerInstance.StartAsync(StoriesSettings.With([]) with { RateLimits = new RateLimitOptions { RequestsPerMinute = 2 } });
        using var second = new HttpClient { BaseAddress = server.BaseAddress };

        using var first = await server.Http.GetAsync("v1/models");
        using var other = await second.GetAsync("v1/models");
        using var refused = await second.GetAsync("v1/models");

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(200, (int)other.StatusCode);
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("requests", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
        Assert.False(refused.Headers.Contains("x-ratelimit-limit-tokens"), "no token limit is set, so none is announced");
    }
}
