namespace Omnia.Server.Tests.Realtime.ClientSecrets;

/// <summary>A stories260K server with an API key, for the client-secret tests.</summary>
public sealed class KeyedStoriesServerFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-secrets-test";

    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await OmniaServerInstance.StartStoriesAsync(apiKeys: [ApiKey]);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
