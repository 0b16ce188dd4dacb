namespace Omnia.Engines.Remote;

/// <summary>A public model served by one or more upstreams, with how requests are routed and failures handled.</summary>
public sealed record RemoteModelOptions
{
    public required IReadOnlyList<UpstreamOptions> Upstreams { get; init; }

    /// <summary>Retries on another upstream before the first token, and each upstream's circuit breaker (passive health).</summary>
    public UpstreamFailoverOptions Failover { get; init; } = new();

    /// <summary>How often each upstream's <c>/models</c> is probed (active health); zero turns probing off.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How a chat model's upstream is chosen; default <see cref="UpstreamRouting.PrefixAffinity"/>. An image model
    /// (<see cref="RemoteImageGenerator"/>) always routes by <see cref="UpstreamRouting.LeastInFlight"/>.
    /// </summary>
    public UpstreamRouting Routing { get; init; } = UpstreamRouting.PrefixAffinity;

    /// <summary>
    /// Conversation prefixes remembered with the upstream that served them, least recently used forgotten first;
    /// default 10,000 (about two entries per conversation, each under 200 bytes).
    /// </summary>
    public int AffinityTableSize { get; init; } = 10_000;

    /// <summary>
    /// A conversation's upstream is saturated, and the request goes to the least busy one instead, when it has more
    /// than this many requests in flight beyond the least busy healthy upstream; default 4.
    /// </summary>
    public int AffinityMaxImbalance { get; init; } = 4;

    internal void Validate()
    {
        if (Upstreams.Count == 0) throw new ArgumentException("A remote model needs at least one upstream.", nameof(Upstreams));
        Failover.Validate();
        if (!Enum.IsDefined(Routing)) throw new ArgumentOutOfRangeException(nameof(Routing), Routing, "Routing is PrefixAffinity or LeastInFlight.");
        if (AffinityTableSize < 1)
            throw new ArgumentOutOfRangeException(nameof(AffinityTableSize), AffinityTableSize, "The affinity table needs room for at least one conversation.");
        if (AffinityMaxImbalance < 0)
            throw new ArgumentOutOfRangeException(nameof(AffinityMaxImbalance), AffinityMaxImbalance, "The imbalance allowed cannot be negative.");
        foreach (var upstream in Upstreams)
            if (upstream.BaseUrl.Scheme is not ("http" or "https"))
                throw new ArgumentException($"Upstream '{upstream.DisplayName}' must be an http(s) URL, not '{upstream.BaseUrl}'.", nameof(Upstreams));
    }
}
