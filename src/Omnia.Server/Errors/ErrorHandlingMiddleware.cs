using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Omnia.Server.Errors;

/// <summary>
/// Gives every request its time limit and turns exceptions into OpenAI error responses. A client that went away is
/// not an error. An expected 5xx (overload, a model still loading, a codec missing) is a warning without a stack, and
/// overload warnings are throttled because they come in bursts; an unexpected exception is logged with its stack and
/// answered with a generic 500, and the server keeps running.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, IOptions<OmniaServerOptions> options, TimeProvider time, ILogger<ErrorHandlingMiddleware> logger)
{
    /// <summary>At most one overload warning per this interval; the next one says how many were left out.</summary>
    public static readonly TimeSpan OverloadLogInterval = TimeSpan.FromSeconds(10);

    private readonly WarningThrottle _overloadLog = new(time, OverloadLogInterval);

    public async Task InvokeAsync(HttpContext context)
    {
        var clientGone = context.RequestAborted;
        // A WebSocket (a realtime session) lives as long as its client and its own idle timeout, not a request's.
        using var timeout = new CancellationTokenSource(
            context.WebSockets.IsWebSocketRequest ? Timeout.InfiniteTimeSpan : options.Value.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientGone, timeout.Token);
        context.RequestAborted = linked.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (clientGone.IsCancellationRequested)
        {
            logger.LogDebug("The client closed {Path} before the response was complete.", context.Request.Path);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            logger.LogWarning("Request {Path} ran past the {Timeout} limit.", context.Request.Path, options.Value.RequestTimeout);
            if (!context.Response.HasStarted)
                await ErrorResults.WriteAsync(context, new ApiException(504, $"The request took longer than {options.Value.RequestTimeout.TotalSeconds:0} seconds.", ApiException.Server, null, "timeout"), clientGone);
        }
        catch (Exception exception)
        {
            var api = ErrorMapping.ToApiException(exception);
            if (api.Status >= 500) LogServerError(context.Request.Path, exception, api);
            if (context.Response.HasStarted)
            {
                logger.LogWarning("Request {Path} failed after the response started: {Message}", context.Request.Path, api.Message);
                return;
            }
            await ErrorResults.WriteAsync(context, api, clientGone);
        }
    }

    private void LogServerError(PathString path, Exception exception, ApiException api)
    {
        if (api.Code == "overloaded")
        {
            if (_overloadLog.TryEnter(out var suppressed)) Overloaded(path, api.Message, suppressed);
        }
        else if (exception is Omnia.Storage.StoreUnavailableException store)
        {
            // The database's own words (a refused connection, a read-only file) are for the operator only.
            StoreUnavailable(path, store.Message);
        }
        else if (api.Status != 500 || exception is ApiException)
        {
            // Mapped on purpose (loading, unavailable, upstream, codec): the message says it all.
            ExpectedServerError(path, api.Status, api.Code, api.Message);
        }
        else
        {
            Failed(exception, path);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} refused, overloaded: {Reason} ({Suppressed} more overload refusals were not logged)")]
    private partial void Overloaded(PathString path, string reason, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} answered {Status} {Code}: {Reason}")]
    private partial void ExpectedServerError(PathString path, int status, string? code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} answered 503 store_unavailable: {Detail}")]
    private partial void StoreUnavailable(PathString path, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed")]
    private partial void Failed(Exception exception, PathString path);
}
