using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Omnia.Engines.Remote;

/// <summary>The remote engine's two Polly strategies: an upstream's circuit breaker, and failover to another upstream.</summary>
internal static class UpstreamResilienceBuilderExtensions
{
    /// <summary>Adds one upstream's circuit breaker, which opens on the failures another upstream could fix.</summary>
    public static ResiliencePipelineBuilder AddUpstreamBreaker(
        this ResiliencePipelineBuilder builder, UpstreamFailoverOptions options, CircuitBreakerStateProvider state, Action<TimeSpan> opened) =>
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.FailureRatio,
            MinimumThroughput = options.MinimumThroughput,
            SamplingDuration = options.SamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsUpstreamFault(args.Outcome.Exception, args.Context, options)),
            StateProvider = state,
            OnOpened = args =>
            {
                opened(args.BreakDuration);
                return default;
            },
        });

    /// <summary>
    /// Adds failover: an attempt that failed in a way another upstream could fix, or found its upstream's circuit open,
    /// is tried again at once while <paramref name="anotherLeft"/> says an untried upstream remains (each attempt
    /// picks its own upstream). Adds nothing when a request gets a single attempt.
    /// </summary>
    public static ResiliencePipelineBuilder AddUpstreamFailover(
        this ResiliencePipelineBuilder builder, UpstreamFailoverOptions options, Func<ResilienceContext, bool> anotherLeft, Action<ResilienceContext, Exception> retrying)
    {
        if (options.MaxAttempts == 1) return builder;
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            Delay = TimeSpan.Zero,
            BackoffType = DelayBackoffType.Constant,
            ShouldHandle = args => ValueTask.FromResult(
                (args.Outcome.Exception is BrokenCircuitException || IsUpstreamFault(args.Outcome.Exception, args.Context, options)) && anotherLeft(args.Context)),
            OnRetry = args =>
            {
                retrying(args.Context, args.Outcome.Exception!);
                return default;
            },
        });
    }

    /// <summary>The caller giving up is not the upstream's fault; connection failures, timeouts, 429 and 502–504 (and 500 where the options say) are.</summary>
    private static bool IsUpstreamFault(Exception? exception, ResilienceContext context, UpstreamFailoverOptions options) =>
        exception is not null and not BrokenCircuitException && !context.CancellationToken.IsCancellationRequested
        && UpstreamFailures.IsRetryable(exception, options.ServerErrorsFailOver);
}
