using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Omnia.Core.Tests.Models.Download;

/// <summary>
/// A real HTTP server on 127.0.0.1 that plays the model hub: serves files with Range support, redirects like Hugging
/// Face (with <c>X-Linked-Etag</c>/<c>X-Linked-Size</c>), and injects faults on request: a cut transfer, a stall,
/// headers that never come. It records every request it sees.
/// </summary>
public sealed class HubMirrorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, HubRoute> _routes = new(StringComparer.Ordinal);
    private int _inFlight;

    private HubMirrorServer(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The same server under another host name (localhost), to play a CDN that must not see the token.</summary>
    public Uri OtherHostAddress => new UriBuilder(BaseAddress) { Host = "localhost" }.Uri;

    public ConcurrentQueue<HubRequest> Requests { get; } = new();

    public int MostInFlight { get; private set; }

    /// <summary>The commit every answer names in <c>X-Repo-Commit</c>, as the hub does; null: no such header.</summary>
    public string? RepoCommit { get; set; }

    public static async Task<HubMirrorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new HubMirrorServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (no leading slash).</summary>
    public void Serve(string path, byte[] content, HubFault fault = HubFault.None, int faultAfterBytes = 0, int faultTimes = int.MaxValue) =>
        _routes["/" + path] = new HubRoute(content, null, null, null, fault, faultAfterBytes) { FaultsLeft = faultTimes };

    /// <summary>Answers <paramref name="path"/> with a 302 to <paramref name="location"/>, with the hub's LFS headers when given.</summary>
    public void Redirect(string path, Uri location, string? linkedSha256 = null, long? linkedSize = null) =>
        _routes["/" + path] = new HubRoute(null, location, linkedSha256, linkedSize, HubFault.None, 0);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue(new HubRequest(request.Host.Host, request.Path.Value ?? "", request.Headers.Range.ToString(), request.Headers.Authorization.ToString()));
        var inFlight = Interlocked.Increment(ref _inFlight);
        lock (Requests) MostInFlight = Math.Max(MostInFlight, inFlight);
        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var response = context.Response;
        if (RepoCommit is { } commit) response.Headers["X-Repo-Commit"] = commit;
        if (!_routes.TryGetValue(context.Request.Path.Value ?? "", out var route))
        {
            response.StatusCode = 404;
            return;
        }
        if (route.Location is { } location)
        {
            if (route.LinkedSha256 is { } sha) response.Headers["X-Linked-Etag"] = $"\"{sha}\"";
            if (route.LinkedSize is { } size) response.Headers["X-Linked-Size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Redirect(location.AbsoluteUri);
            return;
        }

        var content = route.Content!;
        var fault = Interlocked.Decrement(ref route.FaultsLeft) >= 0 ? route.Fault : HubFault.None;
        if (fault == HubFault.NoHeaders)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        long from = 0;
        if (fault != HubFault.IgnoreRange && System.Net.Http.Headers.RangeHeaderValue.TryParse(context.Request.Headers.Range.ToString(), out var range)
            && range.Ranges.First().From is { } start)
        {
            if (start >= content.Length)
            {
                response.StatusCode = 416;
                response.Headers.ContentRange = $"bytes */{content.Length}";
                return;
            }
            from = start;
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }
        response.ContentLength = content.Length - from;
        response.Headers.ETag = "\"0123456789abcdef0123456789abcdef01234567\"";

        if (fault is HubFault.CutAfter or HubFault.StallAfter)
        {
            await response.Body.WriteAsync(content.AsMemory((int)from, route.FaultAfterBytes));
            await response.Body.FlushAsync();
            if (fault == HubFault.CutAfter)
            {
                context.Abort();
                return;
            }
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        await response.Body.WriteAsync(content.AsMemory((int)from));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record HubRoute(byte[]? Content, Uri? Location, string? LinkedSha256, long? LinkedSize, HubFault Fault, int FaultAfterBytes)
    {
        public int FaultsLeft;
    }
}
