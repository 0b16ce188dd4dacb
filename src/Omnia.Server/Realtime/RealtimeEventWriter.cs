using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>
/// Maps the conversation's frames to Realtime server events (GA names; the send queue renames them for beta
/// clients) and hands them to the send queue. Runs on the session's frame pump, one frame at a time.
/// </summary>
internal sealed class RealtimeEventWriter(RealtimeEventWriter.Sink send, bool beta, string sessionId, Func<JsonObject> sessionJson, RealtimeMetrics metrics, ILogger logger)
{
    /// <summary>Queues one event; <paramref name="audioOfResponse"/> marks audio dropped once that response is cancelled.</summary>
    public delegate void Sink(JsonObject evt, string? audioOfResponse = null, Action? onSent = null);

    /// <summary>Responses whose events are being written: whether each one is in the conversation.</summary>
    private readonly Dictionary<string, bool> _inConversation = [];

    /// <summary>Raised when a response is interrupted, before any of its later events: its queued audio must go.</summary>
    public event Action<string>? Interrupted;

    public void Write(VoiceFrame frame)
    {
        switch (frame)
        {
            case SpeechStartedFrame started:
                send(new JsonObject { ["type"] = "input_audio_buffer.speech_started", ["audio_start_ms"] = started.AudioStartMs, ["item_id"] = started.ItemId });
                break;
            case SpeechStoppedFrame stopped:
                send(new JsonObject { ["type"] = "input_audio_buffer.speech_stopped", ["audio_end_ms"] = stopped.AudioEndMs, ["item_id"] = stopped.ItemId });
                break;
            case IdleTimeoutFrame idle:
                send(new JsonObject { ["type"] = "input_audio_buffer.timeout_triggered", ["audio_start_ms"] = idle.AudioStartMs, ["audio_end_ms"] = idle.AudioEndMs, ["item_id"] = idle.ItemId });
                break;
            case InputCommittedFrame committed:
                send(new JsonObject { ["type"] = "input_audio_buffer.committed", ["previous_item_id"] = committed.PreviousItemId, ["item_id"] = committed.ItemId });
                break;
            case InputClearedFrame:
                send(new JsonObject { ["type"] = "input_audio_buffer.cleared" });
                break;
            case ItemAddedFrame added:
                send(new JsonObject { ["type"] = "conversation.item.added", ["previous_item_id"] = added.PreviousItemId, ["item"] = RealtimeItemJson.ToJson(added.Item) });
                break;
            case ItemDoneFrame done:
                send(new JsonObject { ["type"] = "conversation.item.done", ["previous_item_id"] = done.PreviousItemId, ["item"] = RealtimeItemJson.ToJson(done.Item) });
                break;
            case ItemRetrievedFrame retrieved:
                send(new JsonObject { ["type"] = "conversation.item.retrieved", ["item"] = RealtimeItemJson.ToJson(retrieved.Item) });
                break;
            case ItemDeletedFrame deleted:
                send(new JsonObject { ["type"] = "conversation.item.deleted", ["item_id"] = deleted.ItemId });
                break;
            case ItemTruncatedFrame truncated:
                send(new JsonObject { ["type"] = "conversation.item.truncated", ["item_id"] = truncated.ItemId, ["content_index"] = truncated.ContentIndex, ["audio_end_ms"] = truncated.AudioEndMs });
                break;
            case TranscriptDeltaFrame delta:
                send(new JsonObject { ["type"] = "conversation.item.input_audio_transcription.delta", ["item_id"] = delta.ItemId, ["content_index"] = 0, ["delta"] = delta.Delta });
                break;
            case TranscriptCompletedFrame completed:
                send(new JsonObject
                {
                    ["type"] = "conversation.item.input_audio_transcription.completed",
                    ["item_id"] = completed.ItemId, ["content_index"] = 0, ["transcript"] = completed.Transcript,
                    ["usage"] = new JsonObject { ["type"] = "duration", ["seconds"] = completed.AudioSeconds },
                });
                break;
            case TranscriptFailedFrame failed:
                send(new JsonObject
                {
                    ["type"] = "conversation.item.input_audio_transcription.failed", ["item_id"] = failed.ItemId, ["content_index"] = 0,
                    ["error"] = new JsonObject { ["type"] = ErrorType(failed.Error), ["code"] = failed.Error.Code, ["message"] = failed.Error.Message },
                });
                break;
            case ResponseCreatedFrame created:
                _inConversation[created.Response.Id] = created.Response.Options.InConversation;
                send(new JsonObject { ["type"] = "response.created", ["response"] = ResponseJson(created.Response) });
                break;
            case ResponseInterruptedFrame interrupted:
                Interrupted?.Invoke(interrupted.ResponseId);
                break;
            case OutputItemAddedFrame added:
                send(new JsonObject { ["type"] = "response.output_item.added", ["response_id"] = added.ResponseId, ["output_index"] = added.OutputIndex, ["item"] = RealtimeItemJson.ToJson(added.Item) });
                if (InConversation(added.ResponseId)) send(new JsonObject { ["type"] = "conversation.item.added", ["item"] = RealtimeItemJson.ToJson(added.Item) });
                break;
            case OutputItemDoneFrame done:
                send(new JsonObject { ["type"] = "response.output_item.done", ["response_id"] = done.ResponseId, ["output_index"] = done.OutputIndex, ["item"] = RealtimeItemJson.ToJson(done.Item) });
                if (InConversation(done.ResponseId)) send(new JsonObject { ["type"] = "conversation.item.done", ["item"] = RealtimeItemJson.ToJson(done.Item) });
                break;
            case ContentPartAddedFrame part:
                send(Content("response.content_part.added", part.ResponseId, part.ItemId, "part", RealtimeItemJson.PartJson(part.Part)));
                break;
            case ContentPartDoneFrame part:
                send(Content("response.content_part.done", part.ResponseId, part.ItemId, "part", RealtimeItemJson.PartJson(part.Part)));
                break;
            case TextDeltaFrame delta:
                send(Content("response.output_text.delta", delta.ResponseId, delta.ItemId, "delta", delta.Delta));
                break;
            case TextDoneFrame done:
                send(Content("response.output_text.done", done.ResponseId, done.ItemId, "text", done.Text));
                break;
            case AudioTranscriptDeltaFrame delta:
                send(Content("response.output_audio_transcript.delta", delta.ResponseId, delta.ItemId, "delta", delta.Delta));
                break;
            case AudioTranscriptDoneFrame done:
                send(Content("response.output_audio_transcript.done", done.ResponseId, done.ItemId, "transcript", done.Transcript));
                break;
            case AudioDeltaFrame audio:
                var trace = audio.Trace;
                send(Content("response.output_audio.delta", audio.ResponseId, audio.ItemId, "delta", Convert.ToBase64String(audio.Format.Encode(audio.Audio.Samples.Span))),
                    audioOfResponse: audio.ResponseId, onSent: trace is null ? null : () => RecordLatency(trace));
                break;
            case AudioDoneFrame done:
                send(Content("response.output_audio.done", done.ResponseId, done.ItemId, null, null));
                break;
            case FunctionCallArgumentsDeltaFrame delta:
                send(new JsonObject
                {
                    ["type"] = "response.function_call_arguments.delta", ["response_id"] = delta.ResponseId, ["item_id"] = delta.ItemId,
                    ["output_index"] = delta.OutputIndex, ["call_id"] = delta.CallId, ["delta"] = delta.Delta,
                });
                break;
            case FunctionCallArgumentsDoneFrame done:
                send(new JsonObject
                {
                    ["type"] = "response.function_call_arguments.done", ["response_id"] = done.ResponseId, ["item_id"] = done.ItemId,
                    ["output_index"] = done.OutputIndex, ["call_id"] = done.CallId, ["name"] = done.Name, ["arguments"] = done.Arguments,
                });
                break;
            case ResponseDoneFrame done:
                _inConversation.Remove(done.Response.Id);
                send(new JsonObject { ["type"] = "response.done", ["response"] = ResponseJson(done.Response) });
                break;
            case RateLimitsFrame limits:
                send(new JsonObject
                {
                    ["type"] = "rate_limits.updated",
                    ["rate_limits"] = new JsonArray(limits.Limits.Select(l => (JsonNode)new JsonObject
                    {
                        ["name"] = l.Name, ["limit"] = l.Limit, ["remaining"] = l.Remaining, ["reset_seconds"] = Math.Round(l.ResetAfter.TotalSeconds, 3),
                    }).ToArray()),
                });
                break;
            case ErrorFrame error:
                if (error.Cause is { } cause)
                    logger.LogError(cause, "Realtime session {Session}: {Code}", sessionId, error.Error.Code);
                Error(error.Error, error.CorrelationId);
                break;
            case OptionsUpdatedFrame:
                send(new JsonObject { ["type"] = "session.updated", ["session"] = sessionJson() });
                break;
        }
    }

    public void Error(ConversationError error, string? eventId) => send(new JsonObject
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = ErrorType(error), ["code"] = error.Code, ["message"] = error.Message, ["param"] = error.Param, ["event_id"] = eventId },
    });

    private bool InConversation(string responseId) => _inConversation.GetValueOrDefault(responseId, true);

    private static string ErrorType(ConversationError error) => error.Kind == ConversationErrorKind.Server ? "server_error" : "invalid_request_error";

    /// <summary>An event about a response message's content (output 0, content 0), with one field of its own.</summary>
    private static JsonObject Content(string type, string responseId, string itemId, string? key, JsonNode? value)
    {
        var evt = new JsonObject { ["type"] = type, ["response_id"] = responseId, ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0 };
        if (key is not null) evt[key] = value;
        return evt;
    }

    private void RecordLatency(LatencyTrace trace)
    {
        trace.Mark(LatencyTrace.FirstAudioDeltaSent);
        foreach (var (stage, ms) in trace.Marks)
            metrics.TurnLatency.Record(ms, new KeyValuePair<string, object?>("stage", stage));
    }

    private JsonObject ResponseJson(VoiceResponse response)
    {
        var options = response.Options;
        var usage = response.Usage;
        var inProgress = response.Status == ResponseStatus.InProgress;
        var json = new JsonObject
        {
            ["id"] = response.Id, ["object"] = "realtime.response", ["status"] = StatusName(response.Status), ["status_details"] = StatusDetails(response),
            ["output"] = new JsonArray(response.Output.Select(o => (JsonNode)RealtimeItemJson.ToJson(o)).ToArray()),
            ["conversation_id"] = options.InConversation ? "conv_" + sessionId : null,
            ["output_modalities"] = new JsonArray(options.Audio ? "audio" : "text"),
            ["max_output_tokens"] = options.MaxOutputTokens is { } max ? max : "inf",
            ["audio"] = new JsonObject { ["output"] = new JsonObject { ["format"] = new JsonObject { ["type"] = options.OutputFormat.GaName(), ["rate"] = options.OutputFormat.SampleRate() }, ["voice"] = options.Voice } },
            ["usage"] = inProgress ? null : new JsonObject
            {
                ["total_tokens"] = (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0),
                ["input_tokens"] = usage.InputTokenCount ?? 0,
                ["output_tokens"] = usage.OutputTokenCount ?? 0,
                ["input_token_details"] = new JsonObject { ["text_tokens"] = usage.InputTokenCount ?? 0, ["audio_tokens"] = 0, ["cached_tokens"] = usage.CachedInputTokenCount ?? 0 },
                ["output_token_details"] = new JsonObject { ["text_tokens"] = usage.OutputTokenCount ?? 0, ["audio_tokens"] = 0 },
            },
        };
        if (beta) json["modalities"] = options.Audio ? new JsonArray("text", "audio") : new JsonArray("text");
        if (response.Trace is { } trace && !inProgress) json["omnia"] = new JsonObject { ["latency"] = TraceJson(trace) };
        return json;
    }

    private static JsonObject? StatusDetails(VoiceResponse response) => response.Status switch
    {
        ResponseStatus.Cancelled => new JsonObject { ["type"] = "cancelled", ["reason"] = ReasonName(response.CancelReason) },
        ResponseStatus.Failed when response.Failure is { } failure => new JsonObject
        {
            ["type"] = "failed", ["error"] = new JsonObject { ["type"] = ErrorType(failure), ["code"] = failure.Code, ["message"] = failure.Message },
        },
        _ => null,
    };

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

    /// <summary>The trace as <c>response.omnia.latency</c> shows it: each stage reached, in milliseconds after the end of speech.</summary>
    public static JsonObject TraceJson(LatencyTrace trace)
    {
        var json = new JsonObject { ["audio_end_ms"] = trace.AudioEndMs, ["speculative"] = trace.Speculative };
        foreach (var (stage, ms) in trace.Marks) json[stage + "_ms"] = Math.Round(ms, 1);
        return json;
    }
}
