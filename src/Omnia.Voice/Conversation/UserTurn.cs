namespace Omnia.Voice.Conversation;

/// <summary>A committed user turn waiting for its transcript, and what follows it.</summary>
/// <param name="Released">The speculative answer that was released for this turn, if one was.</param>
/// <param name="CreateResponse">Whether the transcript starts the answer.</param>
internal sealed record UserTurn(string ItemId, string? PreviousItemId, int Samples, LatencyTrace Trace, ActiveResponse? Released, bool CreateResponse);
