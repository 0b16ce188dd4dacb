using Microsoft.Extensions.Time.Testing;
using Omnia.Models.Download;

namespace Omnia.Core.Tests.Models.Download;

public sealed class TransferRateTests
{
    private const long MiB = 1 << 20;
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_rate_is_bytes_over_time_and_the_eta_is_what_is_left_at_that_rate()
    {
        var rate = new TransferRate(_time);

        rate.Add(0);
        _time.Advance(TimeSpan.FromSeconds(2));
        rate.Add(4 * MiB);

        Assert.Equal(2 * MiB, rate.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(3), rate.Remaining(4 * MiB, 10 * MiB));
        Assert.Null(rate.Remaining(4 * MiB, null));
    }

    [Fact]
    public void The_rate_follows_the_last_few_seconds_not_the_whole_transfer()
    {
        var rate = new TransferRate(_time);
        long bytes = 0;
        rate.Add(bytes);
        for (var second = 0; second < 10; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            rate.Add(bytes += 10 * MiB);
        }

        for (var second = 0; second < 10; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            rate.Add(bytes += MiB);
        }

        Assert.Equal(MiB, rate.BytesPerSecond, tolerance: MiB * 0.25);
    }

    [Fact]
    public void Before_any_time_has_passed_there_is_no_rate_and_no_eta()
    {
        var rate = new TransferRate(_time);

        rate.Add(1000);

        Assert.Equal(0, rate.BytesPerSecond);
        Assert.Null(rate.Remaining(1000, 5000));
    }
}
