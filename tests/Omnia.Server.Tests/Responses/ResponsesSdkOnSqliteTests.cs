namespace Omnia.Server.Tests.Responses;

/// <summary>The SDK's Responses and Conversations calls on the default store: SQLite in the data directory.</summary>
public sealed class ResponsesSdkOnSqliteTests(StoriesServerFixture fixture) : ResponsesSdkTests(fixture.Server), IClassFixture<StoriesServerFixture>;
