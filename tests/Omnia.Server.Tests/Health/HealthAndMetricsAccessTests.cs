using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Server.Tests.RateLimits;

namespace Omnia.Server.Tests.Health;

/// <summary>With API keys set, /health's status is public but its model list is not, and /metrics needs a key — unless the owner opens them.</summary>
public sealed class HealthAndMetricsAccessTests
{
    private const string Key = "health-key";

    [Fact]
    public async Task By_default_health_tells_everyone_its_status_but_only_key_holders_its_models_and_metrics_need_a_key()
    {
        await using var server = await OmniaServerInstance.StartAsync(StoriesSettings.With([Key]));

        using var anonymousHealth = await server.Http.SendAsync(StoriesSettings.Get("health", null));
        using var keyHealth = await server.Http.SendAsync(StoriesSettings.Get("health", Key));
        using var wrongKeyHealth = await server.Http.SendAsync(StoriesSettings.Get("health", "not-the-key"));
        using var anonymousMetrics = await server.Http.SendAsync(StoriesSettings.Get("metrics", null));
        using var keyMetrics = await server.Http.SendAsync(StoriesSettings.Get("metrics", Key));

        Assert.Equal(200, (int)anonymousHealth.StatusCode);
        var publicBody = await anonymousHealth.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", publicBody.GetProperty("status").GetString());
        Assert.False(publicBody.TryGetProperty("models", out _), publicBody.ToString());
        Assert.Contains("stories260k", (await keyHealth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("models").ToString());
        Assert.Equal(401, (int)wrongKeyHealth.StatusCode);
        Assert.Equal(401, (int)anonymousMetrics.StatusCode);
        Assert.Equal("missing_api_key", (await anonymousMetrics.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, (int)keyMetrics.StatusCode);
        Assert.Contains("omnia_", await keyMetrics.Content.ReadAsStringAsync());
        Assert.False(keyHealth.Headers.Contains("x-ratelimit-limit-requests"), "no limit is configured, so none is announced");
    }

    [Fact]
    public async Task The_owner_can_open_health_details_and_metrics_to_everyone()
    {
        await using var server = await OmniaServerInstance.StartAsync(StoriesSettings.With([Key]) with { PublicHealth = true, PublicMetrics = true });

        using var health = await server.Http.SendAsync(StoriesSettings.Get("health", null));
        using var metrics = await server.Http.SendAsync(StoriesSettings.Get("metrics", null));
        using var models = await server.Http.SendAsync(StoriesSettings.Get("v1/models", null));

        Assert.Contains("stories260k", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("models").ToString());
        Assert.Equal(200, (int)metrics.StatusCode);
        Assert.Equal(401, (int)models.StatusCode);
    }
}
