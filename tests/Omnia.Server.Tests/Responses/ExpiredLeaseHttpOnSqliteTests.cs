namespace Omnia.Server.Tests.Responses;

/// <summary>Expired background leases over HTTP on the default store: SQLite in the data directory.</summary>
public sealed class ExpiredLeaseHttpOnSqliteTests(StoriesServerFixture fixture) : ExpiredLeaseHttpTests(fixture.Server), IClassFixture<StoriesServerFixture>;
