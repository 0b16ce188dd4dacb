using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Omnia.Server.Auth;
using Omnia.Server.Errors;
using Omnia.Server.Observability;

namespace Omnia.Server.RateLimits;

/// <summary>
/// On <c>/v1</c>: counts the request against its key (429 <c>type: requests</c> when over the limit), puts the
/// <see cref="RequestBudget"/> on the request for the endpoints' token charges, writes OpenAI's
/// <c>x-ratelimit-*</c> headers on every response (and <c>Retry-After</c> on a 429), and counts requests per key.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RateLimitRegistry registry, ServerMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        var keyId = (context.Features.Get<ApiKeyIdentity>() ?? ApiKeyIdentity.Anonymous).KeyId;
        var request = new RequestBudget(keyId, registry.For(keyId));
        context.Features.Set(request);
        try
        {
            if (request.Budget is not { } budget)
            {
                await next(context);
                return;
            }
            context.Response.OnStarting(() =>
            {
                // Written as the headers go out, so they show what this request itself took.
                RateLimitHeaders.Write(context.Response.Headers, budget);
                if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests && request.Refusal?.RetryAfter is { } after)
                    RateLimitHeaders.WriteRetryAfter(context.Response.Headers, after);
                return Task.CompletedTask;
            });
            if (budget.TryTakeRequest() is { } refusal)
            {
                request.Refusal = refusal;
                await ErrorResults.WriteAsync(context, RequestBudget.Refused(refusal), context.RequestAborted);
                return;
            }
            try
            {
                await next(context);
            }
            catch
            {
                request.Reservation?.Release();
                throw;
            }
            // A refused or failed request costs no tokens; one that was answered was settled with its usage.
            if (context.Response.StatusCode >= 400) request.Reservation?.Release();
        }
        finally
        {
            metrics.KeyRequests.Add(1, new KeyValuePair<string, object?>("key", keyId));
            if (request.Refusal is { } refused)
                metrics.KeyRateLimited.Add(1, new TagList { { "key", keyId }, { "limit", refused.Limit } });
        }
    }
}
