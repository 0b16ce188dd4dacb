using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Omnia.Server.RateLimits;

/// <summary>The budget of each API key, created on its first request; none at all while no limit is configured.</summary>
/// <remarks>Keys are the configured ones (or the one anonymous client), so the dictionary cannot grow without bound.</remarks>
public sealed class RateLimitRegistry(IOptions<OmniaServerOptions> options, TimeProvider time)
{
    private readonly RateLimitOptions _limits = Validated(options.Value.RateLimits);
    private readonly ConcurrentDictionary<string, KeyBudget> _budgets = new(StringComparer.Ordinal);

    /// <summary>The key's budget, or null when it has no limit at all.</summary>
    public KeyBudget? For(string keyId)
    {
        var limit = _limits.For(keyId);
        if (limit.RequestsPerMinute is null && limit.TokensPerMinute is null) return null;
        return _budgets.GetOrAdd(keyId, id => new KeyBudget(id,
            limit.RequestsPerMinute is { } rpm ? new MinuteBucket(rpm, time) : null,
            limit.TokensPerMinute is { } tpm ? new MinuteBucket(tpm, time) : null));
    }

    private static RateLimitOptions Validated(RateLimitOptions limits)
    {
        limits.Validate();
        return limits;
    }
}
