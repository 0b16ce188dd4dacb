using Microsoft.Extensions.AI;

namespace Omnia.Voice.Conversation;

/// <summary>One admitted response's claim on the limits.</summary>
public interface IAdmittedResponse
{
    /// <summary>A speculative response became the answer: it counts now.</summary>
    void Confirm();

    /// <summary>Settles the claim with the real usage; returns the limits as they now stand, or null where there are none.</summary>
    IReadOnlyList<RateLimitState>? Settle(UsageDetails usage);
}
