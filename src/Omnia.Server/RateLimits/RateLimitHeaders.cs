using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Omnia.Server.RateLimits;

/// <summary>OpenAI's <c>x-ratelimit-*</c> headers, and its way of writing durations (<c>20ms</c>, <c>1s</c>, <c>6m0s</c>).</summary>
public static class RateLimitHeaders
{
    public static void Write(IHeaderDictionary headers, KeyBudget budget)
    {
        if (budget.Requests is { } requests)
        {
            headers["x-ratelimit-limit-requests"] = requests.Limit.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining-requests"] = requests.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset-requests"] = Duration(requests.ResetAfter);
        }
        if (budget.Tokens is { } tokens)
        {
            headers["x-ratelimit-limit-tokens"] = tokens.Limit.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining-tokens"] = tokens.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset-tokens"] = Duration(tokens.ResetAfter);
        }
    }

    /// <summary><c>Retry-After</c> in whole seconds (rounded up) and <c>retry-after-ms</c>, which OpenAI's SDKs read first.</summary>
    public static void WriteRetryAfter(IHeaderDictionary headers, TimeSpan after)
    {
        headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        headers["retry-after-ms"] = ((long)Math.Ceiling(after.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A duration as Go prints one, which is what OpenAI sends: under a second in ms, else <c>[Nm]S[.fff]s</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "0s";
        var ms = (long)Math.Ceiling(duration.TotalMilliseconds);
        if (ms < 1000) return $"{ms}ms";
        var minutes = ms / 60_000;
        var text = ((ms % 60_000) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return minutes > 0 ? $"{minutes}m{text}" : text;
    }
}
