namespace Omnia.Engines.Remote;

/// <summary>
/// How a remote model's requests fail over between its upstreams: how many upstreams one request may try before its
/// first token, and each upstream's circuit breaker, which passes over an upstream that keeps failing until its
/// break ends.
/// </summary>
/// <remarks>
/// Only connection failures, timeouts, 429 and 502–504 count as failures (a 400 is the request's fault, not the
/// upstream's), and 500 where <see cref="ServerErrorsFailOver"/> says so. After a break the next request is let through as a trial: its success closes the circuit, its failure
/// opens it for another break.
/// </remarks>
public sealed record UpstreamFailoverOptions
{
    /// <summary>Upstreams tried for one request before its failure is reported (only before the first token); default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The share of an upstream's requests in <see cref="SamplingDuration"/> that must fail to open its circuit; default 0.5.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Requests an upstream must have had within <see cref="SamplingDuration"/> before its circuit can open; default 3 (at least 2).</summary>
    public int MinimumThroughput { get; init; } = 3;

    /// <summary>The window over which failures are counted; default 30 seconds.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit passes its upstream over, and how long a failed health check does; default 10 seconds.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a 500 also counts as the upstream's failure. Off for chat, where a 500 may be the request's own doing
    /// and so would fail on every upstream; the image engine turns it on, since image servers answer 500 when they
    /// run out of GPU memory, which another upstream may well have.
    /// </summary>
    internal bool ServerErrorsFailOver { get; init; }

    internal void Validate()
    {
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        if (FailureRatio is not (> 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(FailureRatio), FailureRatio, "The failure ratio is above 0 and at most 1.");
        if (MinimumThroughput < 2)
            throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, "A circuit opens on at least 2 requests.");
        // Polly's own bounds, checked here so a bad value is named when the model is configured, not when it is built.
        if (SamplingDuration < TimeSpan.FromMilliseconds(500) || SamplingDuration > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(SamplingDuration), SamplingDuration, "The sampling duration is from half a second to a day.");
        if (BreakDuration < TimeSpan.FromMilliseconds(500) || BreakDuration > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(BreakDuration), BreakDuration, "The break is from half a second to a day.");
    }
}
