using Omnia.Concurrency;
using Omnia.Errors;

namespace Omnia.Core.Tests.Concurrency;

public sealed class RequestGateTests
{
    [Fact]
    public void Requests_past_the_admitted_limit_are_refused_and_a_leaving_one_makes_room()
    {
        using var gate = new RequestGate(slots: 1, maxAdmitted: 2, free: () => { }, busyMessage: "busy");
        var first = gate.Enter(this);
        using var second = gate.Enter(this);

        var refused = Assert.Throws<EngineOverloadedException>(() => gate.Enter(this));
        first.Dispose();
        first.Dispose();
        using var third = gate.Enter(this);

        Assert.Equal("busy", refused.Message);
        Assert.Throws<EngineOverloadedException>(() => gate.Enter(this));
    }

    [Fact]
    public async Task Slots_limit_how_many_run_and_a_waiter_runs_when_one_is_given_back()
    {
        using var gate = new RequestGate(slots: 1, maxAdmitted: 4, free: () => { }, busyMessage: "busy");
        var running = await gate.WaitForSlotAsync(CancellationToken.None);

        var waiting = gate.WaitForSlotAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        running.Dispose();
        using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Disposing_refuses_new_requests_and_frees_the_model_once_after_the_last_leaves()
    {
        var freed = 0;
        var gate = new RequestGate(slots: 2, maxAdmitted: 2, free: () => freed++, busyMessage: "busy");
        var inside = gate.Enter(this);

        gate.Dispose();
        var afterDispose = freed;
        Assert.Throws<ObjectDisposedException>(() => gate.Enter(this));
        inside.Dispose();
        gate.Dispose();

        Assert.Equal(0, afterDispose);
        Assert.Equal(1, freed);
    }
}
