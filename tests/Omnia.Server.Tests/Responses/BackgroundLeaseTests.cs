using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Omnia.Server.OpenAI.Responses;
using Omnia.Server.Tests.Errors;
using Omnia.Storage;
using Omnia.Store;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// The lease on a background response, on a fake clock over a real SQLite store: a response whose runner stopped
/// renewing reads as failed once the lease passed, on every node; one whose runner renews stays running; a renewal
/// that fails is logged and the run goes on; one that finds the lease lost cancels the run.
/// </summary>
public sealed class BackgroundLeaseTests : IAsyncLifetime
{
    private static readonly BackgroundResponseOptions Options = new();
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("omnia-lease-");
    private readonly FakeTimeProvider _time = new(Start);
    private StoreDatabase _store = null!;

    /// <summary>The real store, whose renewals the test can fail (a store down: a fake fault) and wait for one by one.</summary>
    private sealed class RenewalsObservedStoreFake(IResponseStore store) : IResponseStore
    {
        private readonly Channel<bool?> _renewals = Channel.CreateUnbounded<bool?>();

        public volatile bool Down;

        /// <summary>The next renewal's outcome: renewed, lost, or null when it failed (the store was down).</summary>
        public Task<bool?> NextRenewalAsync() => _renewals.Reader.ReadAsync().AsTask().WaitAsync(Hang);

        public async Task<bool> RenewLeaseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        {
            if (Down)
            {
                _renewals.Writer.TryWrite(null);
                throw new StoreUnavailableException("SQLite", new IOException("the disk went away (a fake fault)"));
            }
            var renewed = await store.RenewLeaseAsync(id, expiresAt, cancellationToken);
            _renewals.Writer.TryWrite(renewed);
            return renewed;
        }

        public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken) => store.SaveAsync(response, cancellationToken);
        public Task<bool> SaveLeasedAsync(StoredResponse response, CancellationToken cancellationToken) => store.SaveLeasedAsync(response, cancellationToken);
        public Task<bool> ExpireLeaseAsync(string id, DateTimeOffset now, string failedJson, CancellationToken cancellationToken) => store.ExpireLeaseAsync(id, now, failedJson, cancellationToken);
        public Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);
        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => store.DeleteAsync(id, cancellationToken);
        public Task<ItemPage?> ListInputItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken) => store.ListInputItemsAsync(id, page, cancellationToken);
    }

    public async Task InitializeAsync()
    {
        _store = new StoreDatabase(StoreLocation.InDataDirectory(_dataDir.FullName));
        await _store.MigrateAsync(None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dataDir.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private static LeaseExpiringResponseStore Reader(IResponseStore store, TimeProvider time) => new(store, time, NullLogger<LeaseExpiringResponseStore>.Instance);

    /// <summary>A background response as its create saved it: queued, leased for <see cref="BackgroundResponseOptions.Lease"/>.</summary>
    private Task QueueAsync(string id) => _store.Responses.SaveAsync(
        new StoredResponse(id, "stories260k", "queued", _time.GetUtcNow(), null, null,
            $$"""{"id":"{{id}}","object":"response","status":"queued","background":true,"error":null,"model":"stories260k"}""", [], [])
        {
            LeaseExpiresAt = _time.GetUtcNow() + Options.Lease,
        }, None);

    private ResponseLease Hold(string id, IResponseStore store, ILogger logger) => new(id, store, Options, _time, logger, None);

    [Fact]
    public async Task A_response_whose_runner_stopped_renewing_reads_as_failed_once_its_lease_passed_on_every_node()
    {
        await QueueAsync("resp_1");
        var reader = Reader(_store.Responses, _time);
        // Another node on the same database, its clock behind: it reads what the first recorded.
        var otherNode = Reader(new StoreDatabase(_store.Location).Responses, new FakeTimeProvider(Start));

        _time.Advance(Options.Lease - TimeSpan.FromSeconds(1));
        var before = await reader.GetAsync("resp_1", None);
        _time.Advance(TimeSpan.FromSeconds(2));
        var after = await reader.GetAsync("resp_1", None);
        var elsewhere = await otherNode.GetAsync("resp_1", None);

        Assert.Equal("queued", before!.Status);
        Assert.Equal(("failed", (DateTimeOffset?)null), (after!.Status, after.LeaseExpiresAt));
        using var json = JsonDocument.Parse(after.Json);
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("server_error", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(LeaseExpiringResponseStore.StoppedMessage, json.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.True(json.RootElement.GetProperty("background").GetBoolean());
        Assert.Equal(("failed", after.Json), (elsewhere!.Status, elsewhere.Json));
    }

    [Fact]
    public async Task A_response_whose_runner_keeps_renewing_stays_running_past_many_leases_and_fails_once_it_stops()
    {
        await QueueAsync("resp_1");
        var store = new RenewalsObservedStoreFake(_store.Responses);
        var reader = Reader(_store.Responses, _time);
        var statuses = new List<string>();
        var renewals = new List<bool?>();

        await using (var lease = Hold("resp_1", store, NullLogger.Instance))
        {
            // Three leases' worth of time, renewed every LeaseRenewal.
            for (var elapsed = TimeSpan.Zero; elapsed < 3 * Options.Lease; elapsed += Options.LeaseRenewal)
            {
                _time.Advance(Options.LeaseRenewal);
                renewals.Add(await store.NextRenewalAsync());
                statuses.Add((await reader.GetAsync("resp_1", None))!.Status);
            }
            Assert.False(lease.Token.IsCancellationRequested);
        }
        _time.Advance(Options.Lease - TimeSpan.FromSeconds(1));
        var justBefore = (await reader.GetAsync("resp_1", None))!.Status;
        _time.Advance(TimeSpan.FromSeconds(2));
        var afterStopping = (await reader.GetAsync("resp_1", None))!.Status;

        Assert.All(renewals, r => Assert.True(r));
        Assert.All(statuses, s => Assert.Equal("queued", s));
        Assert.Equal(9, statuses.Count);
        Assert.Equal(("queued", "failed"), (justBefore, afterStopping));
    }

    [Fact]
    public async Task Failed_renewals_are_logged_and_the_run_goes_on_and_a_renewal_that_finds_the_lease_lost_cancels_it()
    {
        await QueueAsync("resp_1");
        var store = new RenewalsObservedStoreFake(_store.Responses) { Down = true };
        var reader = Reader(_store.Responses, _time);
        var logger = new CapturingLogger<ResponseLease>();
        await using var lease = Hold("resp_1", store, logger);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lease.Token.Register(cancelled.SetResult);

        // The store is down for a whole lease: every renewal fails, the run goes on.
        var outcomes = new List<bool?>();
        for (var elapsed = TimeSpan.Zero; elapsed < Options.Lease; elapsed += Options.LeaseRenewal)
        {
            _time.Advance(Options.LeaseRenewal);
            outcomes.Add(await store.NextRenewalAsync());
        }
        var runningWhileDown = !lease.Token.IsCancellationRequested && !lease.Lost;
        // Past the lease a reader (this node's or another's) records it as failed.
        _time.Advance(TimeSpan.FromSeconds(1));
        var read = (await reader.GetAsync("resp_1", None))!.Status;
        // The store is back: the next renewal finds the response taken and stops the run.
        store.Down = false;
        _time.Advance(Options.LeaseRenewal - TimeSpan.FromSeconds(1));
        var lost = await store.NextRenewalAsync();
        await cancelled.Task.WaitAsync(Hang);
        var endSaved = await store.SaveLeasedAsync(new StoredResponse("resp_1", "stories260k", "completed", Start, null, null, "{}", [], []), None);

        Assert.Equal([null, null, null], outcomes);
        Assert.True(runningWhileDown);
        lock (logger.Entries)
            Assert.Equal(3, logger.Entries.Count(e => e is { Level: LogLevel.Warning, Exception: StoreUnavailableException } && e.Message.Contains("resp_1")));
        Assert.Equal("failed", read);
        Assert.False(lost);
        Assert.True(lease.Lost);
        Assert.False(endSaved);
        Assert.Equal("failed", (await reader.GetAsync("resp_1", None))!.Status);
    }
}
