using Microsoft.Extensions.AI;

namespace Omnia.Voice.Conversation;

/// <summary>A response as it stands when a frame reports it: created (in progress) or done.</summary>
public sealed record VoiceResponse(string Id, ResponseOptions Options, ResponseStatus Status)
{
    /// <summary>Why a cancelled response was cancelled.</summary>
    public CancelReason? CancelReason { get; init; }

    /// <summary>Why a failed response failed.</summary>
    public ConversationError? Failure { get; init; }

    public IReadOnlyList<ConversationItem> Output { get; init; } = [];

    /// <summary>Tokens read and written, cached prompt tokens included; empty while in progress.</summary>
    public UsageDetails Usage { get; init; } = new();

    /// <summary>The turn's latency trace, for responses that answer the user's speech.</summary>
    public LatencyTrace? Trace { get; init; }
}
