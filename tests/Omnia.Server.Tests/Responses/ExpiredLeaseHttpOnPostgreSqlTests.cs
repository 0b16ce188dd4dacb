using Omnia.Tests;

namespace Omnia.Server.Tests.Responses;

/// <summary>Expired background leases over HTTP on a server started with <c>--store</c> on PostgreSQL.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ExpiredLeaseHttpOnPostgreSqlTests(PostgreSqlStoriesServerFixture fixture) : ExpiredLeaseHttpTests(fixture.Server), IClassFixture<PostgreSqlStoriesServerFixture>;
