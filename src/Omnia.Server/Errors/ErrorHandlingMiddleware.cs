using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Omnia.Server.Errors;

/// <summary>
/// Gives every request its time limit and turns exceptions into OpenAI error responses. A client that went away is
/// not an error; an unexpected exception is logged with its stack and answered with a generic 500, and the server
/// keeps running.
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, IOptions<OmniaServerOptions> options, TimeProvider time, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var clientGone = context.RequestAborted;
        using var timeout = new CancellationTokenSource(options.Value.RequestTimeout, time);
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
            if (api.Status >= 500) logger.LogError(exception, "Request {Path} failed", context.Request.Path);
            if (context.Response.HasStarted)
            {
                logger.LogWarning("Request {Path} failed after the response started: {Message}", context.Request.Path, api.Message);
                return;
            }
            await ErrorResults.WriteAsync(context, api, clientGone);
        }
    }
}
