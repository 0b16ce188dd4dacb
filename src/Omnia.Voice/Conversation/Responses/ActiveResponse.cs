using Microsoft.Extensions.AI;

namespace Omnia.Voice.Conversation;

/// <summary>
/// A response in progress, owned by the conversation's loop (its task only produces). A speculative one (started at
/// the first silent frame, before the turn is decided) holds what it produces until it is released at the turn
/// decision, or is dropped without a trace if the user goes on speaking.
/// </summary>
internal sealed class ActiveResponse(string id, ResponseOptions options, CancellationTokenSource cancel, IAdmittedResponse? admission, LatencyTrace? trace, bool released)
{
    public string Id { get; } = id;
    public ResponseOptions Options { get; } = options;
    public CancellationTokenSource Cancel { get; } = cancel;
    public IAdmittedResponse? Admission { get; } = admission;
    public LatencyTrace? Trace { get; } = trace;

    public bool Released { get; set; } = released;

    /// <summary>
    /// Completed just before a speculative answer's turn is decided (and at its release): the user is about to wait,
    /// so its first words are spoken now, their audio held until the release.
    /// </summary>
    public TaskCompletionSource SpeakNow { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when a speculative answer is released: the user waits, so whatever text it has is spoken.</summary>
    public TaskCompletionSource ListenerWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What it produced while speculative, applied in order when it is released.</summary>
    public List<LoopMessage> Held { get; } = [];

    /// <summary>Dropped before it was released: nothing of it reaches the transport.</summary>
    public bool Discarded { get; set; }

    public CancelReason? Cancelled { get; set; }

    /// <summary>Its message, once the first words arrive (after the tool calls made before them).</summary>
    public ConversationItem? Message { get; set; }

    public List<ConversationItem> Output { get; } = [];
    public UsageDetails Usage { get; } = new();

    /// <summary>Milliseconds of audio spoken so far.</summary>
    public double AudioMs { get; set; }

    /// <summary>When its first audio went out (a timestamp of the conversation's clock), null before: the client plays from there.</summary>
    public long? FirstAudioAt { get; set; }

    public Task Running { get; set; } = Task.CompletedTask;

    public VoiceResponse Snapshot(ResponseStatus status) => new(Id, Options, status) { Trace = Trace };
}
