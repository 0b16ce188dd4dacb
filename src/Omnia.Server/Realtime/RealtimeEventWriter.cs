using Microsoft.Extensions.Logging;
using Omnia.Server.Realtime.Events.Server;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>
/// Maps the conversation's frames to Realtime server events (GA names; the send loop writes them with beta
/// names for beta clients) and hands them to the send queue. Runs on the session's frame pump, one frame at a time.
/// </summary>
internal sealed class RealtimeEventWriter(RealtimeEventWriter.Sink send, bool beta, string sessionId, Func<RealtimeSessionResource> session, RealtimeMetrics metrics, ILogger logger)
{
    /// <summary>Queues one event; <paramref name="audioOfResponse"/> marks audio dropped once that response is cancelled.</summary>
    public delegate void Sink(RealtimeServerEvent evt, string? audioOfResponse = null, Action? onSent = null);

    /// <summary>Responses whose events are being written: whether each one is in the conversation.</summary>
    private readonly Dictionary<string, bool> _inConversation = [];

    /// <summary>Raised when a response is interrupted, before any of its later events: its queued audio must go.</summary>
    public event Action<string>? Interrupted;

    public void Write(VoiceFrame frame)
    {
        switch (frame)
        {
            case SpeechStartedFrame started:
                send(new SpeechStartedEvent(started.AudioStartMs, started.ItemId));
                break;
            case SpeechStoppedFrame stopped:
                send(new SpeechStoppedEvent(stopped.AudioEndMs, stopped.ItemId));
                break;
            case IdleTimeoutFrame idle:
                send(new InputTimeoutTriggeredEvent(idle.AudioStartMs, idle.AudioEndMs, idle.ItemId));
                break;
            case InputCommittedFrame committed:
                send(new InputCommittedEvent(committed.PreviousItemId, committed.ItemId));
                break;
            case InputClearedFrame:
                send(new InputClearedEvent());
                break;
            case ItemAddedFrame added:
                send(new ItemAddedEvent(added.PreviousItemId, RealtimeItems.ToWire(added.Item)));
                break;
            case ItemDoneFrame done:
                send(new ItemDoneEvent(done.PreviousItemId, RealtimeItems.ToWire(done.Item)));
                break;
            case ItemRetrievedFrame retrieved:
                send(new ItemRetrievedEvent(RealtimeItems.ToWire(retrieved.Item)));
                break;
            case ItemDeletedFrame deleted:
                send(new ItemDeletedEvent(deleted.ItemId));
                break;
            case ItemTruncatedFrame truncated:
                send(new ItemTruncatedEvent(truncated.ItemId, truncated.ContentIndex, truncated.AudioEndMs));
                break;
            case TranscriptDeltaFrame delta:
                send(new TranscriptionDeltaEvent(delta.ItemId, 0, delta.Delta));
                break;
            case TranscriptCompletedFrame completed:
                send(new TranscriptionCompletedEvent(completed.ItemId, 0, completed.Transcript, new TranscriptionUsage("duration", (long)Math.Ceiling(completed.AudioSeconds))));
                break;
            case TranscriptFailedFrame failed:
                send(new TranscriptionFailedEvent(failed.ItemId, 0, Failure(failed.Error)));
                break;
            case ResponseCreatedFrame created:
                _inConversation[created.Response.Id] = created.Response.Options.InConversation;
                send(new ResponseCreatedEvent(Response(created.Response)));
                break;
            case ResponseInterruptedFrame interrupted:
                Interrupted?.Invoke(interrupted.ResponseId);
                break;
            case OutputItemAddedFrame added:
                var addedItem = RealtimeItems.ToWire(added.Item);
                send(new OutputItemAddedEvent(added.ResponseId, added.OutputIndex, addedItem));
                if (InConversation(added.ResponseId)) send(new ItemAddedEvent(null, addedItem));
                break;
            case OutputItemDoneFrame done:
                var doneItem = RealtimeItems.ToWire(done.Item);
                send(new OutputItemDoneEvent(done.ResponseId, done.OutputIndex, doneItem));
                if (InConversation(done.ResponseId)) send(new ItemDoneEvent(null, doneItem));
                break;
            case ContentPartAddedFrame part:
                send(new ContentPartAddedEvent(part.ResponseId, part.ItemId, RealtimeItems.Part(part.Part, beta)));
                break;
            case ContentPartDoneFrame part:
                send(new ContentPartDoneEvent(part.ResponseId, part.ItemId, RealtimeItems.Part(part.Part, beta)));
                break;
            case TextDeltaFrame delta:
                send(new OutputTextDeltaEvent(delta.ResponseId, delta.ItemId, delta.Delta));
                break;
            case TextDoneFrame done:
                send(new OutputTextDoneEvent(done.ResponseId, done.ItemId, done.Text));
                break;
            case AudioTranscriptDeltaFrame delta:
                send(new OutputAudioTranscriptDeltaEvent(delta.ResponseId, delta.ItemId, delta.Delta));
                break;
            case AudioTranscriptDoneFrame done:
                send(new OutputAudioTranscriptDoneEvent(done.ResponseId, done.ItemId, done.Transcript));
                break;
            case AudioDeltaFrame audio:
                var trace = audio.Trace;
                send(new OutputAudioDeltaEvent(audio.ResponseId, audio.ItemId, audio.Format.Encode(audio.Audio.Samples.Span)),
                    audioOfResponse: audio.ResponseId, onSent: trace is null ? null : () => RecordLatency(trace));
                break;
            case AudioDoneFrame done:
                send(new OutputAudioDoneEvent(done.ResponseId, done.ItemId));
                break;
            case FunctionCallArgumentsDeltaFrame delta:
                send(new FunctionCallArgumentsDeltaEvent(delta.ResponseId, delta.ItemId, delta.OutputIndex, delta.CallId, delta.Delta));
                break;
            case FunctionCallArgumentsDoneFrame done:
                send(new FunctionCallArgumentsDoneEvent(done.ResponseId, done.ItemId, done.OutputIndex, done.CallId, done.Name, done.Arguments));
                break;
            case ToolCallStartedFrame started:
                // The arguments are whole when the call starts: one delta, then done, then the call runs.
                send(new McpCallArgumentsDeltaEvent(started.ResponseId, started.Item.Id, started.OutputIndex, started.Item.Arguments ?? ""));
                send(new McpCallArgumentsDoneEvent(started.ResponseId, started.Item.Id, started.OutputIndex, started.Item.Arguments ?? ""));
                send(new McpCallInProgressEvent(started.Item.Id, started.OutputIndex));
                break;
            case ToolCallDoneFrame done:
                send(done.Item.Error is null
                    ? new McpCallCompletedEvent(done.Item.Id, done.OutputIndex)
                    : new McpCallFailedEvent(done.Item.Id, done.OutputIndex));
                break;
            case ResponseDoneFrame done:
                _inConversation.Remove(done.Response.Id);
                send(new ResponseDoneEvent(Response(done.Response)));
                break;
            case RateLimitsFrame limits:
                send(new RateLimitsUpdatedEvent(limits.Limits.Select(l => new RealtimeRateLimit(l.Name, l.Limit, l.Remaining, Math.Round(l.ResetAfter.TotalSeconds, 3))).ToList()));
                break;
            case ErrorFrame error:
                if (error.Cause is { } cause)
                    logger.LogError(cause, "Realtime session {Session}: {Code}", sessionId, error.Error.Code);
                Error(error.Error, error.CorrelationId);
                break;
            case OptionsUpdatedFrame:
                send(new SessionUpdatedEvent(session()));
                break;
        }
    }

    public void Error(ConversationError error, string? eventId) =>
        send(new ErrorEvent(new RealtimeError(ErrorType(error), error.Code, error.Message, error.Param, eventId)));

    private bool InConversation(string responseId) => _inConversation.GetValueOrDefault(responseId, true);

    private static string ErrorType(ConversationError error) => error.Kind == ConversationErrorKind.Server ? "server_error" : "invalid_request_error";

    private void RecordLatency(LatencyTrace trace)
    {
        trace.Mark(LatencyTrace.FirstAudioDeltaSent);
        foreach (var (stage, ms) in trace.Marks)
            metrics.TurnLatency.Record(ms, new KeyValuePair<string, object?>("stage", stage));
    }

    private RealtimeResponse Response(VoiceResponse response)
    {
        var options = response.Options;
        var usage = response.Usage;
        var inProgress = response.Status == ResponseStatus.InProgress;
        return new RealtimeResponse(response.Id, StatusName(response.Status))
        {
            StatusDetails = StatusDetails(response),
            Output = response.Output.Select(RealtimeItems.ToWire).ToList(),
            ConversationId = options.InConversation ? "conv_" + sessionId : null,
            OutputModalities = [options.Audio ? "audio" : "text"],
            MaxOutputTokens = options.MaxOutputTokens,
            Audio = new ResponseAudio(new ResponseAudioOutput(new WireAudioFormat(options.OutputFormat.GaName(), options.OutputFormat.SampleRate()), options.Voice)),
            Usage = inProgress ? null : new ResponseUsage(
                (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0), usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0,
                new InputTokenDetails(usage.InputTokenCount ?? 0, 0, usage.CachedInputTokenCount ?? 0),
                new OutputTokenDetails(usage.OutputTokenCount ?? 0, 0)),
            Modalities = !beta ? null : options.Audio ? ["text", "audio"] : ["text"],
            Omnia = response.Trace is { } trace && !inProgress ? new ResponseOmnia(RealtimeLatency.Of(trace)) : null,
        };
    }

    private static ResponseStatusDetails? StatusDetails(VoiceResponse response) => response.Status switch
    {
        ResponseStatus.Cancelled => new ResponseStatusDetails("cancelled") { Reason = ReasonName(response.CancelReason) },
        ResponseStatus.Failed when response.Failure is { } failure => new ResponseStatusDetails("failed") { Error = Failure(failure) },
        _ => null,
    };

    private static RealtimeFailure Failure(ConversationError error) => new(ErrorType(error), error.Code, error.Message);

    private static string StatusName(ResponseStatus status) => status switch
    {
        ResponseStatus.InProgress => "in_progress",
        ResponseStatus.Cancelled => "cancelled",
        ResponseStatus.Failed => "failed",
        _ => "completed",
    };

    private static string ReasonName(CancelReason? reason) => reason switch
    {
        CancelReason.TurnDetected => "turn_detected",
        CancelReason.ClientDisconnected => "client_disconnected",
        _ => "client_cancelled",
    };
}
