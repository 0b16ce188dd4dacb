using System.Threading.RateLimiting;

namespace Omnia.Server.RateLimits;

/// <summary>One API key's request and token buckets (either may be absent: unlimited).</summary>
public sealed class KeyBudget(string keyId, MinuteBucket? requests, MinuteBucket? tokens)
{
    public string KeyId { get; } = keyId;
    public MinuteBucket? Requests { get; } = requests;
    public MinuteBucket? Tokens { get; } = tokens;

    /// <summary>Takes one request, or says why not (nothing is taken then).</summary>
    public RateLimitRefusal? TryTakeRequest() => TryTake(Requests, 1, "requests");

    /// <summary>Takes a request's estimated tokens, or says why not; <see cref="MinuteBucket.Settle"/> corrects the estimate later.</summary>
    public RateLimitRefusal? TryTakeTokens(long estimate) =>
        estimate <= 0 ? null : TryTake(Tokens, (int)Math.Min(estimate, int.MaxValue), "tokens");

    private static RateLimitRefusal? TryTake(MinuteBucket? bucket, int permits, string limit)
    {
        if (bucket is null) return null;
        using var lease = bucket.AttemptAcquire(permits);
        if (lease.IsAcquired) return null;
        return new RateLimitRefusal(limit, bucket.Limit, permits, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null);
    }
}
