namespace Omnia.Server.Tests.Responses;

/// <summary><c>/v1/conversations</c> over raw HTTP on the default store: SQLite in the data directory.</summary>
public sealed class ConversationsHttpOnSqliteTests(StoriesServerFixture fixture) : ConversationsHttpTests(fixture.Server), IClassFixture<StoriesServerFixture>;
