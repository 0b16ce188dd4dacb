namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// The lease a node holds on each background response it runs (<c>Omnia:BackgroundResponses</c>): it records in the
/// store until when it runs the response, and renews that while it does. A queued or in_progress response whose lease
/// has passed was left by a node that stopped (killed, crashed, cut off from the store): the next read records it as
/// failed, so a client polling it learns so within about <see cref="Lease"/>, and no node has to guess at start which
/// responses were its own.
/// </summary>
public sealed class BackgroundResponseOptions
{
    /// <summary>How long a lease lasts from its last renewal. Default 60 s; the nodes' clocks must agree far closer than this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the running node renews its lease; shorter than <see cref="Lease"/>, so a renewal or two may fail (store down) without losing it. Default 20 s.</summary>
    public TimeSpan LeaseRenewal { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether the lease and its renewal make sense together: both positive, the renewal the shorter.</summary>
    public bool IsValid => Lease > TimeSpan.Zero && LeaseRenewal > TimeSpan.Zero && LeaseRenewal < Lease;
}
