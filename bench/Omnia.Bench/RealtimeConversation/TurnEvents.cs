namespace Omnia.Bench.RealtimeConversation;

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

    /// <summary>The <c>response.done</c> of the answer to the whole utterance; null until it comes.</summary>
    public WireEvent? Answer { get; private set; }

    public void See(WireEvent evt)
    {
        switch (evt.Type)
        {
            case "error":
                Errors.Add(evt.ErrorMessage ?? "(no message)");
                break;
            case "input_audio_buffer.committed" when evt.ItemId is { } item:
                _committed.Add(item);
                break;
            case "conversation.item.input_audio_transcription.completed" when evt.ItemId is { } item && _committed.Contains(item):
                Transcript = evt.Text;
                break;
            case "response.output_audio.delta" when evt.ResponseId is { } id:
                FirstAudio.TryAdd(id, evt.ReceivedTimestamp);
                break;
            case "response.output_audio_transcript.delta" or "response.output_text.delta" when evt.ResponseId is { } id:
                FirstText.TryAdd(id, evt.ReceivedTimestamp);
                break;
            case "response.done" when Answer is null && (evt.Status == "cancelled" || !speechEnd.IsCompleted):
                Interrupted++;
                break;
            case "response.done" when Answer is null:
                Answer = evt;
                break;
        }
    }
}
