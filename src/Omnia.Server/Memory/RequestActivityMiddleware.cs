using Microsoft.AspNetCore.Http;

namespace Omnia.Server.Memory;

/// <summary>Counts every request in and out of <see cref="RequestActivity"/>.</summary>
internal sealed class RequestActivityMiddleware(RequestDelegate next, RequestActivity activity)
{
    public async Task InvokeAsync(HttpContext context)
    {
        activity.Started();
        try
        {
            await next(context);
        }
        finally
        {
            activity.Ended();
        }
    }
}
