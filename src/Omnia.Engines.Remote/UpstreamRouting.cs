namespace Omnia.Engines.Remote;

/// <summary>How a remote model chooses the upstream for a request.</summary>
public enum UpstreamRouting
{
    /// <summary>
    /// A conversation goes back to the upstream that served its earlier turns, which still holds its prefix in its
    /// prompt cache, unless that upstream is down or saturated; new conversations go by <see cref="LeastInFlight"/>.
    /// </summary>
    PrefixAffinity,

    /// <summary>Every request goes to the healthy upstream with the fewest requests in flight.</summary>
    LeastInFlight,
}
