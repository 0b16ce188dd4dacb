using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Omnia.Errors;
using Omnia.Server.Errors;

namespace Omnia.Server.Tests.Errors;

/// <summary>
/// How failures are logged: a burst of 503 <c>overloaded</c> is one warning without a stack per interval, counting
/// the rest; an unexpected exception is still an error with its stack.
/// </summary>
public sealed class ErrorLoggingTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger<ErrorHandlingMiddleware> _log = new();

    private ErrorHandlingMiddleware Middleware(Exception failure) =>
        new(_ => throw failure, Options.Create(new OmniaServerOptions()), _time, _log);

    private static async Task<int> RunAsync(ErrorHandlingMiddleware middleware)
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        await middleware.InvokeAsync(context);
        return context.Response.StatusCode;
    }

    [Fact]
    public async Task A_burst_of_overloads_is_one_warning_without_a_stack_per_interval()
    {
        var middleware = Middleware(new EngineOverloadedException("The model's request queue is full; retry shortly."));

        var statuses = new List<int>();
        for (var i = 0; i < 136; i++) statuses.Add(await RunAsync(middleware));
        _time.Advance(ErrorHandlingMiddleware.OverloadLogInterval);
        statuses.Add(await RunAsync(middleware));

        Assert.All(statuses, status => Assert.Equal(503, status));
        Assert.Equal(2, _log.Entries.Count);
        Assert.All(_log.Entries, entry =>
        {
            Assert.Equal(LogLevel.Warning, entry.Level);
            Assert.Null(entry.Exception);
        });
        Assert.Contains("135 more", _log.Entries[1].Message);
    }

    [Fact]
    public async Task A_deliberate_503_is_a_warning_without_a_stack()
    {
        await RunAsync(Middleware(new ApiException(503, "Model 'm' is still loading; retry shortly.", ApiException.Server, "model", "model_loading")));

        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
    }

    [Fact]
    public async Task An_unexpected_exception_is_an_error_with_its_stack_and_a_generic_500()
    {
        var status = await RunAsync(Middleware(new NullReferenceException("bug")));

        Assert.Equal(500, status);
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<NullReferenceException>(entry.Exception);
    }

    [Fact]
    public async Task The_request_timeout_ends_a_request_but_spares_a_websocket()
    {
        var options = new OmniaServerOptions { RequestTimeout = TimeSpan.FromSeconds(15) };
        ErrorHandlingMiddleware Outliving() => new(context =>
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            context.RequestAborted.ThrowIfCancellationRequested();
            context.Response.StatusCode = 101;
            return Task.CompletedTask;
        }, Options.Create(options), _time, _log);

        var request = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        await Outliving().InvokeAsync(request);
        var socket = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        socket.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpWebSocketFeature>(new WebSocketRequestFake());
        await Outliving().InvokeAsync(socket);

        Assert.Equal(504, request.Response.StatusCode);
        Assert.Equal(101, socket.Response.StatusCode);
    }

    /// <summary>Marks a request as a WebSocket upgrade, as ASP.NET Core's WebSocket middleware does.</summary>
    private sealed class WebSocketRequestFake : Microsoft.AspNetCore.Http.Features.IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => true;

        public Task<System.Net.WebSockets.WebSocket> AcceptAsync(WebSocketAcceptContext context) => throw new NotSupportedException();
    }
}
