using OpenAI.Realtime;

namespace Omnia.Bench.RealtimeConversation;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>What one turn's server events said: first deltas per response, errors, cut-ins, the user's transcript and the answer.</summary>
/// <param name="speechEnd">Completes when the last speech sample was sent: a response done before it was a cut-in.</param>
internal sealed class TurnEvents(Task speechEnd)
{
    private readonly HashSet<string> _committed = [];

    public Dictionary<string, long> FirstAudio { get; } = [];

    public Dictionary<string, long> FirstText { get; } = [];

    public List<string> Errors { get; } = [];

    public int Interrupted { get; private set; }

    /// <summary>The transcript of an item this turn committed (a late one from the turn before is not this turn's).</summary>
    public string? Transcript { get; private set; }

    /// <summary>The response of the <c>response.done</c> that answers the whole utterance; null until it comes.</summary>
    public RealtimeResponse? Answer { get; private set; }

    public void See(ReceivedUpdate received)
    {
        switch (received.Update)
        {
            case RealtimeServerUpdateError error:
                Errors.Add(error.Error?.Message ?? error.Error?.Code ?? "(no message)");
                break;
            case RealtimeServerUpdateInputAudioBufferCommitted { ItemId: { } item }:
                _committed.Add(item);
                break;
            case RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted { ItemId: { } item } completed when _committed.Contains(item):
                Transcript = completed.Transcript;
                break;
            case RealtimeServerUpdateResponseOutputAudioDelta { ResponseId: { } id }:
                FirstAudio.TryAdd(id, received.ReceivedTimestamp);
                break;
            case RealtimeServerUpdateResponseOutputAudioTranscriptDelta { ResponseId: { } id }:
                FirstText.TryAdd(id, received.ReceivedTimestamp);
                break;
            case RealtimeServerUpdateResponseOutputTextDelta { ResponseId: { } id }:
                FirstText.TryAdd(id, received.ReceivedTimestamp);
                break;
            case RealtimeServerUpdateResponseDone { Response: { } response } when Answer is null && (response.Status == RealtimeResponseStatus.Cancelled || !speechEnd.IsCompleted):
                Interrupted++;
                break;
            case RealtimeServerUpdateResponseDone { Response: { } response } when Answer is null:
                Answer = response;
                break;
        }
    }
}
