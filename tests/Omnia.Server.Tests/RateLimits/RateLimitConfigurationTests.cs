using Microsoft.Extensions.Configuration;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests.RateLimits;

/// <summary>Limits, per-key overrides, realtime bounds and the health and metrics switches bind from the <c>Omnia</c> section.</summary>
public sealed class RateLimitConfigurationTests
{
    [Fact]
    public void The_Omnia_section_sets_limits_overrides_by_key_id_and_the_access_switches()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Omnia:RateLimits:RequestsPerMinute"] = "60",
            ["Omnia:RateLimits:TokensPerMinute"] = "40000",
            ["Omnia:RateLimits:Keys:ABCD1234:TokensPerMinute"] = "1000000",
            ["Omnia:RealtimeLimits:MaxItems"] = "50",
            ["Omnia:PublicHealth"] = "true",
            ["Omnia:PublicMetrics"] = "true",
        }).Build();

        var settings = ServeSettings.FromConfiguration(configuration);

        Assert.Equal(60, settings.RateLimits.For("abcd1234").RequestsPerMinute);
        Assert.Equal(1_000_000, settings.RateLimits.For("abcd1234").TokensPerMinute);
        Assert.Equal(40_000, settings.RateLimits.For("00000000").TokensPerMinute);
        Assert.Equal(50, settings.RealtimeLimits.MaxItems);
        Assert.Equal(21 * 1024 * 1024, settings.RealtimeLimits.MaxEventBytes);
        Assert.True(settings.PublicHealth);
        Assert.True(settings.PublicMetrics);
    }

    [Fact]
    public void By_default_nothing_is_limited_and_health_details_and_metrics_need_a_key()
    {
        var settings = ServeSettings.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.Null(settings.RateLimits.RequestsPerMinute);
        Assert.Null(settings.RateLimits.TokensPerMinute);
        Assert.False(settings.PublicHealth);
        Assert.False(settings.PublicMetrics);
    }
}
