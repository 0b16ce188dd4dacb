using Omnia.Storage;

namespace Omnia.Store.Tests;

/// <summary>The lease of a background response: set, renewed and cleared by its runner, expired by a reader once passed.</summary>
public abstract partial class StoreTests
{
    // A property, not a field: static fields of partial classes start in no set order across files.
    // Fractions of a second and another offset than UTC: on SQLite leases compare as text, which must order as time.
    private static DateTimeOffset LeaseEnd => Created.AddSeconds(60.5);

    private static StoredResponse Leased(string id, string status, DateTimeOffset? until) =>
        Response(id, status, Messages("in_", 1), []) with { LeaseExpiresAt = until };

    [Fact]
    public async Task A_lease_is_set_by_the_first_save_renewed_while_running_and_cleared_by_the_end()
    {
        await Responses.SaveAsync(Leased("resp_1", "queued", LeaseEnd), None);
        var queued = await Responses.GetAsync("resp_1", None);
        var renewed = await Responses.RenewLeaseAsync("resp_1", LeaseEnd.AddSeconds(20).ToOffset(TimeSpan.FromHours(2)), None);
        var afterRenewal = await Responses.GetAsync("resp_1", None);
        var started = await Responses.SaveLeasedAsync(Leased("resp_1", "in_progress", LeaseEnd.AddSeconds(40)), None);
        var ended = await Responses.SaveLeasedAsync(Response("resp_1", "completed", Messages("in_", 1), Messages("out_", 1)), None);
        var completed = await Responses.GetAsync("resp_1", None);

        Assert.Equal(LeaseEnd, queued!.LeaseExpiresAt);
        Assert.True(renewed);
        Assert.Equal(LeaseEnd.AddSeconds(20), afterRenewal!.LeaseExpiresAt);
        Assert.True(started);
        Assert.True(ended);
        Assert.Equal(("completed", (DateTimeOffset?)null), (completed!.Status, completed.LeaseExpiresAt));
        Assert.Equal(["out_0"], completed.Output.Select(i => i.Id));
        // Ended: there is nothing left to hold.
        Assert.False(await Responses.RenewLeaseAsync("resp_1", LeaseEnd.AddSeconds(60), None));
        Assert.False(await Responses.ExpireLeaseAsync("resp_1", LeaseEnd.AddDays(1), "{}", None));
    }

    [Fact]
    public async Task An_expired_lease_fails_its_response_once_only_after_it_passed_and_its_runner_then_loses_it()
    {
        await Responses.SaveAsync(Leased("resp_1", "in_progress", LeaseEnd), None);
        const string failed = """{"id":"resp_1","status":"failed"}""";

        var early = await Responses.ExpireLeaseAsync("resp_1", LeaseEnd.AddSeconds(-0.25), failed, None);
        var atTheEnd = await Responses.ExpireLeaseAsync("resp_1", LeaseEnd, failed, None);
        var stillRunning = await Responses.GetAsync("resp_1", None);
        var expired = await Responses.ExpireLeaseAsync("resp_1", LeaseEnd.AddSeconds(0.25).ToOffset(TimeSpan.FromHours(-5)), failed, None);
        var again = await Responses.ExpireLeaseAsync("resp_1", LeaseEnd.AddSeconds(1), "{}", None);
        var renewed = await Responses.RenewLeaseAsync("resp_1", LeaseEnd.AddSeconds(60), None);
        var savedByRunner = await Responses.SaveLeasedAsync(Response("resp_1", "completed", [], Messages("out_", 1)), None);
        var stored = await Responses.GetAsync("resp_1", None);

        Assert.False(early);
        Assert.False(atTheEnd);
        Assert.Equal(("in_progress", (DateTimeOffset?)LeaseEnd), (stillRunning!.Status, stillRunning.LeaseExpiresAt));
        Assert.True(expired);
        Assert.False(again);
        Assert.False(renewed);
        Assert.False(savedByRunner);
        Assert.Equal(("failed", failed, (DateTimeOffset?)null), (stored!.Status, stored.Json, stored.LeaseExpiresAt));
        Assert.Empty(stored.Output);
    }

    [Fact]
    public async Task A_renewed_lease_is_not_expired_at_its_old_end()
    {
        await Responses.SaveAsync(Leased("resp_1", "queued", LeaseEnd), None);

        Assert.True(await Responses.RenewLeaseAsync("resp_1", LeaseEnd.AddSeconds(60), None));
        Assert.False(await Responses.ExpireLeaseAsync("resp_1", LeaseEnd.AddSeconds(1), "{}", None));
        Assert.Equal("queued", (await Responses.GetAsync("resp_1", None))!.Status);
        Assert.True(await Responses.ExpireLeaseAsync("resp_1", LeaseEnd.AddSeconds(61), "{}", None));
    }

    [Fact]
    public async Task A_response_without_a_lease_never_expires_and_a_deleted_one_is_not_saved_again_by_its_runner()
    {
        await Responses.SaveAsync(Response("resp_plain", "in_progress", [], []), None);
        await Responses.SaveAsync(Leased("resp_deleted", "in_progress", LeaseEnd), None);
        await Responses.DeleteAsync("resp_deleted", None);

        Assert.False(await Responses.ExpireLeaseAsync("resp_plain", LeaseEnd.AddDays(1), "{}", None));
        Assert.False(await Responses.RenewLeaseAsync("resp_plain", LeaseEnd, None));
        Assert.False(await Responses.SaveLeasedAsync(Response("resp_plain", "completed", [], []), None));
        Assert.Equal("in_progress", (await Responses.GetAsync("resp_plain", None))!.Status);
        Assert.False(await Responses.RenewLeaseAsync("resp_deleted", LeaseEnd.AddSeconds(20), None));
        Assert.False(await Responses.SaveLeasedAsync(Response("resp_deleted", "cancelled", [], []), None));
        Assert.Null(await Responses.GetAsync("resp_deleted", None));
    }
}
