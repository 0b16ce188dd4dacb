using System.Threading.RateLimiting;

namespace Omnia.Server.RateLimits;

/// <summary>
/// A per-minute budget (requests or tokens) that refills continuously, as OpenAI's limits do: a limit of 60 per minute
/// gives one back each second, and an empty bucket is full again one minute later. Refill is computed from the
/// injected <see cref="TimeProvider"/> when the bucket is read, so no timer runs and tests with a fake clock are exact.
/// </summary>
/// <remarks>
/// Thread-safe. Unlike <see cref="TokenBucketRateLimiter"/> it can be settled after the fact: a completion admitted on
/// an estimate is charged its real usage when it ends, which may leave the bucket in debt until it refills.
/// Acquisition never queues: a request over the limit is answered 429 at once, as OpenAI does.
/// </remarks>
public sealed class MinuteBucket : RateLimiter
{
    private static readonly long TicksPerMinute = TimeSpan.TicksPerMinute;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <summary>Permits available, in permit-ticks (permits × ticks per minute), so refill is exact integer arithmetic.</summary>
    private long _scaled;
    private long _updated;

    public MinuteBucket(int perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        Limit = perMinute;
        _time = time;
        _scaled = Limit * TicksPerMinute;
        _updated = time.GetTimestamp();
    }

    /// <summary>Permits per minute, and the most the bucket holds.</summary>
    public long Limit { get; }

    /// <summary>Whole permits available now (0 while in debt).</summary>
    public long Remaining
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return Math.Max(0, _scaled / TicksPerMinute);
            }
        }
    }

    /// <summary>How long until the bucket is full again (OpenAI's <c>x-ratelimit-reset-*</c>).</summary>
    public TimeSpan ResetAfter
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return Ticks(Limit * TicksPerMinute - _scaled);
            }
        }
    }

    /// <summary>How long until <paramref name="permits"/> are available (zero when they are now).</summary>
    public TimeSpan RetryAfter(long permits)
    {
        lock (_gate)
        {
            Refill();
            return Ticks(permits * TicksPerMinute - _scaled);
        }
    }

    /// <summary>Charges (positive) or gives back (negative) permits after the fact; a charge may leave the bucket in debt.</summary>
    public void Settle(long permits)
    {
        lock (_gate)
        {
            Refill();
            _scaled = Math.Min(Limit * TicksPerMinute, _scaled - permits * TicksPerMinute);
        }
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _scaled >= Limit * TicksPerMinute ? TimeSpan.Zero : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics() => new() { CurrentAvailablePermits = Remaining };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Refill();
            var needed = permitCount * TicksPerMinute;
            if (_scaled >= needed)
            {
                _scaled -= needed;
                return Lease.Granted;
            }
            return new Lease(false, permitCount > Limit ? null : Ticks(needed - _scaled));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = _time.GetTimestamp();
        // Capped at a minute before multiplying: an empty bucket is full after one, and the product cannot overflow.
        var elapsed = Math.Min(_time.GetElapsedTime(_updated, now).Ticks, TicksPerMinute);
        _updated = now;
        if (elapsed > 0) _scaled = Math.Min(Limit * TicksPerMinute, _scaled + elapsed * Limit);
    }

    /// <summary>Permit-ticks still missing, as the time the refill takes to bring them (rounded up to a whole tick).</summary>
    private TimeSpan Ticks(long missingScaled) => missingScaled <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((missingScaled + Limit - 1) / Limit);

    /// <summary>Granted, or refused with how long to wait (none when the request is larger than the whole limit).</summary>
    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
