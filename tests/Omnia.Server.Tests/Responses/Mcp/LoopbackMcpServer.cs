using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>A real MCP server built with the official SDK (Streamable HTTP, stateless) on a free loopback port, serving <see cref="LoopbackMcpTools"/>.</summary>
public sealed class LoopbackMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackMcpServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The MCP endpoint.</summary>
    public Uri Url { get; }

    public static async Task<LoopbackMcpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddMcpServer().WithHttpTransport(o => o.Stateless = true).WithTools<LoopbackMcpTools>();
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackMcpServer(app, new Uri(address + "/mcp"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
