using Omnia.Tests;

namespace Omnia.Server.Tests.Responses;

/// <summary><c>/v1/conversations</c> over raw HTTP on a server started with <c>--store</c> on PostgreSQL.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ConversationsHttpOnPostgreSqlTests(PostgreSqlStoriesServerFixture fixture) : ConversationsHttpTests(fixture.Server), IClassFixture<PostgreSqlStoriesServerFixture>;
