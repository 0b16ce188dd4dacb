namespace Omnia.Tests;

/// <summary>The test classes that share one <see cref="PostgreSqlCluster"/> per test run; each makes its own databases on it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlCluster>
{
    public const string Name = "PostgreSQL";
}
