namespace Omnia.Engines.Remote;

/// <summary>A public model served by one or more upstreams, with how failures and health are handled.</summary>
public sealed record RemoteModelOptions
{
    public required IReadOnlyList<UpstreamOptions> Upstreams { get; init; }

    /// <summary>Upstreams tried for one request before its failure is reported (only before the first token).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long an upstream that failed is passed over (passive health).</summary>
    public TimeSpan FailureCooldown { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each upstream's <c>/models</c> is probed (active health); zero turns probing off.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    internal void Validate()
    {
        if (Upstreams.Count == 0) throw new ArgumentException("A remote model needs at least one upstream.", nameof(Upstreams));
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        foreach (var upstream in Upstreams)
            if (upstream.BaseUrl.Scheme is not ("http" or "https"))
                throw new ArgumentException($"Upstream '{upstream.DisplayName}' must be an http(s) URL, not '{upstream.BaseUrl}'.", nameof(Upstreams));
    }
}
