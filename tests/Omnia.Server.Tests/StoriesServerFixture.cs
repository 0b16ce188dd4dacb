namespace Omnia.Server.Tests;

/// <summary>One shared stories260K server for the tests of a collection.</summary>
public sealed class StoriesServerFixture : IAsyncLifetime
{
    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await OmniaServerInstance.StartStoriesAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class StoriesServerCollection : ICollectionFixture<StoriesServerFixture>
{
    public const string Name = "stories260k server";
}
