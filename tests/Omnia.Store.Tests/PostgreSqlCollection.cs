namespace Omnia.Store.Tests;

/// <summary>The test classes that share one <see cref="PostgreSqlCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlCluster>
{
    public const string Name = "PostgreSQL";
}
