using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary>
/// The suite's stories260K server with <c>--store</c> on a database of its own on the test run's throwaway
/// PostgreSQL cluster: the tests written against <see cref="StoriesServerFixture"/> run again on PostgreSQL.
/// </summary>
public sealed class PostgreSqlStoriesServerFixture(PostgreSqlCluster cluster) : IAsyncLifetime
{
    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await OmniaServerInstance.StartStoriesAsync(store: await cluster.CreateDatabaseAsync());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
