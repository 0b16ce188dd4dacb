using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Omnia.Models;
using Omnia.Server.Memory;

namespace Omnia.Server.Tests.Memory;

public sealed class IdleMemoryTrimmerTests
{
    private static readonly IdleMemoryTrimmerOptions Options = new() { IdleDelay = TimeSpan.FromSeconds(30), MinGrowthBytes = 0, FollowUpPasses = 0 };

    private readonly FakeTimeProvider _time = new();
    private readonly RequestActivity _activity;
    private readonly IdleMemoryTrimmer _trimmer;

    public IdleMemoryTrimmerTests()
    {
        _activity = new RequestActivity(_time);
        _trimmer = new IdleMemoryTrimmer(_activity, new ModelRegistry(), Microsoft.Extensions.Options.Options.Create(Options), _time, NullLogger<IdleMemoryTrimmer>.Instance);
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

    [Fact]
    public void A_second_burst_is_trimmed_when_the_process_grew_whatever_the_last_collection_saw()
    {
        // The old rule asked the GC's last collection how much it could reclaim, and after a second burst (its garbage
        // in generations not collected since) the answer was nothing: 570 MB stayed resident. Growth is what counts.
        var resident = 800L << 20;
        var options = new IdleMemoryTrimmerOptions { IdleDelay = TimeSpan.FromSeconds(30), MinGrowthBytes = 32L << 20, FollowUpPasses = 0 };
        var trimmer = new IdleMemoryTrimmer(_activity, new ModelRegistry(), Microsoft.Extensions.Options.Options.Create(options), _time, NullLogger<IdleMemoryTrimmer>.Instance)
        {
            ResidentBytes = () => resident,
        };

        _activity.Started();
        _activity.Ended();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(trimmer.TrimIfIdle(options));

        // Work that left the process (as the fake reads it) within the growth bound: nothing worth a collection.
        _activity.Started();
        _activity.Ended();
        _time.Advance(TimeSpan.FromSeconds(30));
        resident += 16L << 20;
        Assert.False(trimmer.TrimIfIdle(options));

        // A second burst that grew it past the bound is trimmed again.
        _activity.Started();
        _activity.Ended();
        _time.Advance(TimeSpan.FromSeconds(30));
        resident += 600L << 20;
        Assert.True(trimmer.TrimIfIdle(options));
    }

    [Fact]
    public void While_idle_the_first_trim_is_followed_up_at_the_interval_a_bounded_number_of_times()
    {
        // ArrayPool drops a cached array only when two gen2 collections 30 s apart saw it unused, and an idle server
        // runs no collection of its own: the follow-ups are those collections.
        var options = new IdleMemoryTrimmerOptions
        {
            IdleDelay = TimeSpan.FromSeconds(20), MinGrowthBytes = 0, FollowUpPasses = 2, FollowUpInterval = TimeSpan.FromSeconds(30),
        };
        _activity.Started();
        _activity.Ended();
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(_trimmer.TrimIfIdle(options));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_trimmer.TrimIfIdle(options));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_trimmer.TrimIfIdle(options));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_trimmer.TrimIfIdle(options));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(_trimmer.TrimIfIdle(options));
    }

    [Fact]
    public void New_work_cancels_the_follow_ups_until_the_server_is_idle_again()
    {
        var options = new IdleMemoryTrimmerOptions
        {
            IdleDelay = TimeSpan.FromSeconds(20), MinGrowthBytes = 0, FollowUpPasses = 2, FollowUpInterval = TimeSpan.FromSeconds(30),
        };
        _activity.Started();
        _activity.Ended();
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(_trimmer.TrimIfIdle(options));

        _activity.Started();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(_trimmer.TrimIfIdle(options));
        _activity.Ended();
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(_trimmer.TrimIfIdle(options));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_trimmer.TrimIfIdle(options));
    }
}
