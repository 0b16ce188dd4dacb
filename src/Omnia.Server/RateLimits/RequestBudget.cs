using Microsoft.AspNetCore.Http;
using Omnia.Server.Auth;
using Omnia.Server.Errors;

namespace Omnia.Server.RateLimits;

/// <summary>
/// The request feature an endpoint uses to charge tokens to the caller's key: reserved on an estimate before the
/// engine runs (refused with a 429 when the key has too few left), settled with the real usage when the response ends.
/// </summary>
public sealed class RequestBudget(string keyId, KeyBudget? budget)
{
    public string KeyId { get; } = keyId;
    public KeyBudget? Budget { get; } = budget;

    /// <summary>The tokens this request reserved, given back by the middleware if the request fails.</summary>
    public TokenReservation? Reservation { get; private set; }

    /// <summary>The refusal this request got, for the <c>Retry-After</c> header of its 429.</summary>
    public RateLimitRefusal? Refusal { get; set; }

    /// <summary>The request's budget; outside <c>/v1</c> (no middleware ran) the anonymous one without limits.</summary>
    public static RequestBudget Of(HttpContext context) =>
        context.Features.Get<RequestBudget>() ?? new RequestBudget(context.Features.Get<ApiKeyIdentity>()?.KeyId ?? ApiKeyIdentity.Anonymous.KeyId, null);

    /// <summary>Reserves <paramref name="estimate"/> tokens, or throws the 429 OpenAI answers (<c>type: tokens</c>).</summary>
    public TokenReservation ReserveTokens(long estimate)
    {
        if (Budget?.TryTakeTokens(estimate) is { } refusal)
        {
            Refusal = refusal;
            throw Refused(refusal);
        }
        return Reservation = new TokenReservation(this, Budget?.Tokens is null ? 0 : estimate);
    }

    public static ApiException Refused(RateLimitRefusal refusal) => new(429, refusal.Message, refusal.Limit, null, "rate_limit_exceeded");
}
