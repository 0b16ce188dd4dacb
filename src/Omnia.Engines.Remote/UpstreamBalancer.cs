using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Omnia.Engines.Remote;

/// <summary>
/// Chooses the upstream for each attempt of a request: the conversation's own upstream when prefix affinity knows
/// one that is healthy and not saturated, otherwise the healthy upstream with the fewest requests in flight.
/// </summary>
/// <remarks>
/// Saturated means more than <see cref="RemoteModelOptions.AffinityMaxImbalance"/> requests in flight beyond the
/// least busy healthy upstream: a relative bound, so it needs no knowledge of each upstream's capacity, and a
/// conversation gives up its cached prefix only when waiting behind others would likely cost more than prefilling
/// it again elsewhere. Safe for concurrent requests.
/// </remarks>
internal sealed class UpstreamBalancer(IReadOnlyList<Upstream> upstreams, RemoteModelOptions options, string modelId, ILogger logger)
{
    /// <summary>Null with least-in-flight routing, and with a single upstream, where there is nothing to choose.</summary>
    private readonly PrefixAffinityTable? _affinity =
        options.Routing == UpstreamRouting.PrefixAffinity && upstreams.Count > 1 ? new PrefixAffinityTable(options.AffinityTableSize) : null;
    private int _rotation;

    /// <summary>Prefixes remembered, for diagnostics and tests; zero when routing ignores conversations.</summary>
    public int AffinityEntries => _affinity?.Count ?? 0;

    public RequestRoute Begin(IList<ChatMessage> messages, ChatOptions? chatOptions)
    {
        if (_affinity is null) return new RequestRoute(null, null);
        var prefix = ConversationPrefix.Of(messages, chatOptions?.ConversationId);
        return new RequestRoute(prefix, prefix is null ? null : _affinity.FindLongest(prefix.Keys));
    }

    /// <summary>The upstream for the route's next attempt; unhealthy ones only when no untried healthy one is left.</summary>
    public Upstream Pick(RequestRoute route)
    {
        var first = route.Tried.Count == 0;
        var candidates = upstreams.Where(u => !route.Tried.Contains(u)).ToList();
        var healthy = candidates.Where(u => u.IsHealthy).ToList();
        if (healthy.Count == 0)
        {
            var soonest = candidates.MinBy(u => u.AvailableFrom)!;
            if (first) Count(route, soonest);
            return soonest;
        }

        var least = healthy.Min(u => u.InFlight);
        if (route.Known is { Upstream: var known } && healthy.Contains(known) && known.InFlight <= least + options.AffinityMaxImbalance)
        {
            if (first) Count(route, known);
            return known;
        }

        var tied = healthy.Where(u => u.InFlight == least).ToList();
        var chosen = tied[(int)((uint)Interlocked.Increment(ref _rotation) % (uint)tied.Count)];
        if (first) Count(route, chosen);
        return chosen;
    }

    /// <summary>
    /// The upstream now holds the route's whole conversation: the next turn finds it by this request's whole key, any
    /// later branch by the leading key. The shorter key found for this request is superseded and dropped, which keeps
    /// the table at about two entries per conversation.
    /// </summary>
    public void Served(RequestRoute route, Upstream upstream)
    {
        if (_affinity is null || route.Prefix is not { } prefix) return;
        if (route.Known is { Key: var superseded } && superseded != prefix.Leading && superseded != prefix.Whole)
            _affinity.Remove(superseded);
        _affinity.Set(prefix.Leading, upstream);
        _affinity.Set(prefix.Whole, upstream);
    }

    private void Count(RequestRoute route, Upstream chosen)
    {
        if (_affinity is null || route.Prefix is null) return;
        if (route.Known is not { Upstream: var known })
        {
            RemoteMetrics.Record(modelId, AffinityOutcome.New);
            return;
        }
        if (known == chosen)
        {
            RemoteMetrics.Record(modelId, AffinityOutcome.Hit);
            return;
        }
        RemoteMetrics.Record(modelId, AffinityOutcome.Moved);
        logger.LogDebug("A conversation of {Model} moved from upstream {From} to {To}: {Reason}", modelId, known.Name,
            chosen.Name, known.IsHealthy ? $"{known.InFlight} requests in flight" : "it is down");
    }
}
