using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Omnia.Server.Memory;

namespace Omnia.Server.Tests.Memory;

public sealed class IdleMemoryTrimmerTests
{
    private static readonly IdleMemoryTrimmerOptions Options = new() { IdleDelay = TimeSpan.FromSeconds(30), MinReclaimableBytes = 0 };

    private readonly FakeTimeProvider _time = new();
    private readonly RequestActivity _activity;
    private readonly IdleMemoryTrimmer _trimmer;

    public IdleMemoryTrimmerTests()
    {
        _activity = new RequestActivity(_time);
        _trimmer = new IdleMemoryTrimmer(_activity, Microsoft.Extensions.Options.Options.Create(Options), _time, NullLogger<IdleMemoryTrimmer>.Instance);
    }

    [Fact]
    public void Nothing_is_trimmed_before_any_work()
    {
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(_trimmer.TrimIfIdle(Options));
    }

    [Fact]
    public void Nothing_is_trimmed_while_a_request_is_in_flight_however_long_it_runs()
    {
        _activity.Started();
        _activity.Started();
        _activity.Ended();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(_trimmer.TrimIfIdle(Options));
    }

    [Fact]
    public void Memory_is_trimmed_once_after_the_idle_delay_and_again_only_after_new_work()
    {
        _activity.Started();
        _activity.Ended();

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_trimmer.TrimIfIdle(Options));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_trimmer.TrimIfIdle(Options));

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(_trimmer.TrimIfIdle(Options));

        _activity.Started();
        _activity.Ended();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_trimmer.TrimIfIdle(Options));
    }
}
