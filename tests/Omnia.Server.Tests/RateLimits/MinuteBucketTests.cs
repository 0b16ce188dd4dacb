using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using Omnia.Server.RateLimits;

namespace Omnia.Server.Tests.RateLimits;

/// <summary>The per-minute bucket against a fake clock: refill, settlement and the times it reports are exact.</summary>
public sealed class MinuteBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_full_bucket_grants_its_limit_then_refuses_with_the_time_one_permit_takes_to_come_back()
    {
        using var bucket = new MinuteBucket(60, _time);

        for (var i = 0; i < 60; i++) Assert.True(bucket.AttemptAcquire().IsAcquired);
        using var refused = bucket.AttemptAcquire();

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var after));
        Assert.Equal(TimeSpan.FromSeconds(1), after);
        Assert.Equal(0, bucket.Remaining);
        Assert.Equal(TimeSpan.FromMinutes(1), bucket.ResetAfter);
    }

    [Fact]
    public void It_refills_continuously_with_the_clock_and_never_past_its_limit()
    {
        using var bucket = new MinuteBucket(60, _time);
        using (bucket.AttemptAcquire(60)) { }

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, bucket.Remaining);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, bucket.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(59), bucket.ResetAfter);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(60, bucket.Remaining);
        Assert.Equal(TimeSpan.Zero, bucket.ResetAfter);
    }

    [Fact]
    public void Settling_real_usage_over_the_estimate_leaves_debt_that_refills_before_anything_is_granted()
    {
        using var bucket = new MinuteBucket(600, _time);
        using (bucket.AttemptAcquire(100)) { }

        bucket.Settle(+800);   // the response used 900 tokens, not the 100 estimated

        Assert.Equal(0, bucket.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(40), bucket.RetryAfter(100));   // 300 of debt and 100 more at 10 a second
        Assert.False(bucket.AttemptAcquire(1).IsAcquired);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, bucket.Remaining);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(bucket.AttemptAcquire(100).IsAcquired);
    }

    [Fact]
    public void Settling_usage_under_the_estimate_gives_the_rest_back_up_to_the_limit()
    {
        using var bucket = new MinuteBucket(1000, _time);
        using (bucket.AttemptAcquire(500)) { }

        bucket.Settle(-400);
        Assert.Equal(900, bucket.Remaining);
        bucket.Settle(-5000);
        Assert.Equal(1000, bucket.Remaining);
    }

    [Fact]
    public void A_request_larger_than_the_whole_limit_is_refused_without_a_retry_time()
    {
        using var bucket = new MinuteBucket(100, _time);

        using var lease = bucket.AttemptAcquire(101);

        Assert.False(lease.IsAcquired);
        Assert.False(lease.TryGetMetadata(MetadataName.RetryAfter, out _));
        Assert.Equal(100, bucket.Remaining);
    }

    [Fact]
    public void A_key_refused_for_tokens_keeps_its_tokens_and_says_which_limit()
    {
        var budget = new KeyBudget("0123abcd", new MinuteBucket(10, _time), new MinuteBucket(1000, _time));

        Assert.Null(budget.TryTakeRequest());
        Assert.Null(budget.TryTakeTokens(900));
        var refusal = budget.TryTakeTokens(200);

        Assert.NotNull(refusal);
        Assert.Equal("tokens", refusal.Limit);
        Assert.Equal(TimeSpan.FromSeconds(6), refusal.RetryAfter);   // 100 missing at 1000 a minute
        Assert.Equal(100, budget.Tokens!.Remaining);
        Assert.Equal(9, budget.Requests!.Remaining);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(20, "20ms")]
    [InlineData(1000, "1s")]
    [InlineData(1500, "1.5s")]
    [InlineData(59_999, "59.999s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(90_250, "1m30.25s")]
    public void Durations_are_written_as_OpenAI_writes_them(int milliseconds, string expected) =>
        Assert.Equal(expected, RateLimitHeaders.Duration(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Per_key_overrides_replace_only_what_they_set_and_bad_limits_stop_the_start()
    {
        var options = new RateLimitOptions { RequestsPerMinute = 60, TokensPerMinute = 1000, Keys = { ["abcd1234"] = new KeyRateLimit { TokensPerMinute = 5 } } };

        Assert.Equal(60, options.For("abcd1234").RequestsPerMinute);
        Assert.Equal(5, options.For("ABCD1234").TokensPerMinute);
        Assert.Equal(1000, options.For("ffff0000").TokensPerMinute);
        options.Keys["ffff0000"] = new KeyRateLimit { RequestsPerMinute = 0 };
        Assert.Contains("Keys:ffff0000:RequestsPerMinute", Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }
}
