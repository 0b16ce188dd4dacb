using Omnia.Cli.Hosting;
using Omnia.Tests;

namespace Omnia.Server.Tests.Responses;

/// <summary>A restart on the same <c>--store</c> (a PostgreSQL database of its own) loses nothing stored.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ResponsesPersistenceOnPostgreSqlTests(PostgreSqlCluster cluster) : ResponsesPersistenceTests, IAsyncLifetime
{
    private string _store = null!;

    protected override ServeSettings OnStore(ServeSettings settings) => settings with { Store = _store };

    public async Task InitializeAsync() => _store = await cluster.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
