using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Omnia.Server.Observability;

/// <summary>One log line per request with its status and latency, and the matching HTTP metrics.</summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ServerMetrics metrics, TimeProvider time, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started);
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            var route = (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var tags = new TagList { { "route", route }, { "status", status } };
            metrics.Requests.Add(1, tags);
            metrics.RequestDuration.Record(elapsed.TotalSeconds, tags);
            logger.LogInformation("{Method} {Path} {Status} in {Milliseconds:0.0} ms", context.Request.Method, context.Request.Path, status, elapsed.TotalMilliseconds);
        }
    }
}
