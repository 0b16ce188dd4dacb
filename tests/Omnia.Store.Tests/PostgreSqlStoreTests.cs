using Omnia.Tests;

namespace Omnia.Store.Tests;

/// <summary>The store's contract on PostgreSQL: a database of its own on the throwaway cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgreSqlCluster cluster) : StoreTests
{
    protected override string StoreName => "PostgreSQL";

    protected override async Task<StoreLocation> CreateDatabaseAsync() =>
        StoreLocation.PostgreSql(await cluster.CreateDatabaseAsync());

    [Fact]
    public async Task Nodes_migrating_one_new_database_at_once_apply_every_migration_once()
    {
        // More than one migration is pending, and EF's own lock is released between them: a node that arrives while
        // another is between two migrations must not apply the second one again. The starts are spread out so that some
        // arrive then (the race needs it; nothing is asserted about time).
        var location = StoreLocation.PostgreSql(await cluster.CreateDatabaseAsync());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async node =>
        {
            await Task.Delay(node * 15);
            await new StoreDatabase(location).MigrateAsync(CancellationToken.None);
        }));

        await new StoreDatabase(location).Responses.SaveAsync(
            new Omnia.Storage.StoredResponse("resp_1", "m", "queued", DateTimeOffset.UnixEpoch, null, null, "{}", [], []) { LeaseExpiresAt = DateTimeOffset.UnixEpoch }, CancellationToken.None);
    }

    /// <summary>The database dropped under the store's open connections.</summary>
    protected override Task TakeAwayAsync(StoreLocation location) => cluster.DropDatabaseAsync(location.ConnectionString);
}
