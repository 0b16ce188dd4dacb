namespace Omnia.Server.RateLimits;

/// <summary>Why a request was refused: which limit (<c>requests</c> or <c>tokens</c>), what it asked for and when to retry (null: never, it is larger than the limit).</summary>
public sealed record RateLimitRefusal(string Limit, long PerMinute, long Requested, TimeSpan? RetryAfter)
{
    public string Message => RetryAfter is null
        ? $"Request too large: it needs {Requested} {Limit} and the limit is {PerMinute} {Limit} per minute."
        : $"Rate limit reached: {PerMinute} {Limit} per minute. Try again in {RateLimitHeaders.Duration(RetryAfter.Value)}.";
}
