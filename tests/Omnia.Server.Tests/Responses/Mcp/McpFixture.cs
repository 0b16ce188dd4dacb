namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>A loopback MCP server and a stories260K server allowed to reach it (the tests allow loopback explicitly).</summary>
public sealed class McpFixture : IAsyncLifetime
{
    public LoopbackMcpServer Mcp { get; private set; } = null!;
    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mcp = await LoopbackMcpServer.StartAsync();
        Server = await OmniaServerInstance.StartStoriesAsync(allowPrivateUrls: true);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Mcp.DisposeAsync();
    }
}
