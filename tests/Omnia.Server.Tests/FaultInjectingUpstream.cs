using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Omnia.Server.Tests;

/// <summary>
/// A fake OpenAI upstream that only injects faults: it streams two chunks then drops the connection, answers
/// garbage instead of JSON, or answers 503; its images endpoints answer <see cref="ImageStatus"/>. Everything that works is tested against a real Omnia instead.
/// </summary>
public sealed class FaultInjectingUpstream : IAsyncDisposable
{
    public enum Fault
    {
        DropMidStream,
        GarbageJson,
        Unavailable,
    }

    private readonly WebApplication _app;

    private FaultInjectingUpstream(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The API base to configure, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    public int Requests { get; private set; }

    /// <summary>Requests to <c>/v1/images/generations</c> and <c>/v1/images/edits</c>.</summary>
    public int ImageRequests { get; private set; }

    /// <summary>The error status the images endpoints answer, whatever the chat fault; default 503.</summary>
    public int ImageStatus { get; set; } = 503;

    /// <summary>The error message the images endpoints answer, which names this fake's status.</summary>
    public string ImageMessage => $"fault injected: {ImageStatus}";

    public static async Task<FaultInjectingUpstream> StartAsync(Fault fault)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrlsLoopback();
        var app = builder.Build();
        FaultInjectingUpstream? self = null;
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            self!.Requests++;
            switch (fault)
            {
                case Fault.Unavailable:
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("""{"error":{"message":"overloaded","type":"server_error","param":null,"code":null}}""");
                    return;
                case Fault.GarbageJson:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("<html>this is not json</html>");
                    return;
                case Fault.DropMidStream:
                    context.Response.ContentType = "text/event-stream";
                    foreach (var piece in new[] { "Once", " upon" })
                    {
                        await context.Response.WriteAsync(
                            $"data: {{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{piece}\"}},\"finish_reason\":null}}]}}\n\n");
                        await context.Response.Body.FlushAsync();
                    }
                    // Let the chunks reach the client before the reset, or TCP may discard them unread.
                    await Task.Delay(300);
                    context.Abort();
                    return;
            }
        });
        async Task Failing(HttpContext context)
        {
            self!.ImageRequests++;
            context.Response.StatusCode = self.ImageStatus;
            context.Response.ContentType = "application/json";
            var type = self.ImageStatus < 500 ? "invalid_request_error" : "server_error";
            await context.Response.WriteAsync($$$"""{"error":{"message":"{{{self.ImageMessage}}}","type":"{{{type}}}","param":null,"code":null}}""");
        }
        app.MapPost("/v1/images/generations", Failing);
        app.MapPost("/v1/images/edits", Failing);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FaultInjectingUpstream(app, new Uri(address + "/v1"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class LoopbackUrls
{
    public static void UseUrlsLoopback(this Microsoft.AspNetCore.Builder.ConfigureWebHostBuilder webHost) =>
        Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseUrls(webHost, "http://127.0.0.1:0");
}
