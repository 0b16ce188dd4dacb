using Microsoft.Extensions.Logging;
using Polly;

namespace Omnia.Engines.Remote;

/// <summary>
/// Runs one request's attempts: each on the upstream the balancer picks among those not tried yet, through that
/// upstream's circuit breaker, and on another upstream while the failure is one another upstream could fix (Polly's
/// retry, without delay, on the injected <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>
/// An attempt ends when its upstream's first update has arrived, so a stream is never retried once the caller has
/// seen any of it. Safe for concurrent requests: each request's route travels in its own resilience context.
/// </remarks>
internal sealed class UpstreamFailover
{
    private static readonly ResiliencePropertyKey<RequestRoute> RouteKey = new("omnia.remote.route");

    private readonly UpstreamBalancer _balancer;
    private readonly ILogger _logger;
    private readonly bool _serverErrorsFailOver;
    private readonly ResiliencePipeline _pipeline;

    public UpstreamFailover(UpstreamBalancer balancer, int upstreams, UpstreamFailoverOptions options, TimeProvider time, ILogger logger)
    {
        _balancer = balancer;
        _logger = logger;
        _serverErrorsFailOver = options.ServerErrorsFailOver;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddUpstreamFailover(options, context => RouteOf(context).Tried.Count < upstreams, Retrying)
            .Build();
    }

    /// <summary>
    /// The first attempt's result that succeeds, with its upstream; or, when none does, the last attempt's failure,
    /// translated to name its upstream (a cancellation by the caller is passed on as it is).
    /// </summary>
    public async ValueTask<(T Result, Upstream Upstream)> ExecuteAsync<T>(
        RequestRoute route, Func<Upstream, CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RouteKey, route);
        try
        {
            return await _pipeline.ExecuteAsync(static async (ResilienceContext context, AttemptState<T> state) =>
            {
                var upstream = state.Balancer.Pick(state.Route);
                state.Route.Attempting(upstream);
                var result = await upstream.Breaker.ExecuteAsync(
                    static (s, token) => s.Attempt(s.Upstream, token), (Upstream: upstream, state.Attempt), context.CancellationToken);
                return (result, upstream);
            }, context, new AttemptState<T>(_balancer, route, attempt));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && route.Last is { } last)
        {
            if (UpstreamFailures.IsRetryable(e, _serverErrorsFailOver)) _logger.LogWarning("Upstream {Upstream} failed ({Reason})", last.Name, e.Message);
            throw UpstreamFailures.Translate(last, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private readonly record struct AttemptState<T>(UpstreamBalancer Balancer, RequestRoute Route, Func<Upstream, CancellationToken, ValueTask<T>> Attempt);

    private void Retrying(ResilienceContext context, Exception failure) =>
        _logger.LogWarning("Upstream {Upstream} failed ({Reason}); trying another", RouteOf(context).Last?.Name, failure.Message);

    private static RequestRoute RouteOf(ResilienceContext context) => context.Properties.GetValue(RouteKey, null!);
}
