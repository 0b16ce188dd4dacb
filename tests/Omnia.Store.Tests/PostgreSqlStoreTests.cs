using Omnia.Tests;

namespace Omnia.Store.Tests;

/// <summary>The store's contract on PostgreSQL: a database of its own on the throwaway cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgreSqlCluster cluster) : StoreTests
{
    protected override string StoreName => "PostgreSQL";

    protected override async Task<StoreLocation> CreateDatabaseAsync() =>
        StoreLocation.PostgreSql(await cluster.CreateDatabaseAsync());

    /// <summary>The database dropped under the store's open connections.</summary>
    protected override Task TakeAwayAsync(StoreLocation location) => cluster.DropDatabaseAsync(location.ConnectionString);
}
