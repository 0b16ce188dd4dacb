using Omnia.Tests;

namespace Omnia.Server.Tests.Responses;

/// <summary>The SDK's Responses and Conversations calls on a server started with <c>--store</c> on PostgreSQL.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ResponsesSdkOnPostgreSqlTests(PostgreSqlStoriesServerFixture fixture) : ResponsesSdkTests(fixture.Server), IClassFixture<PostgreSqlStoriesServerFixture>;
