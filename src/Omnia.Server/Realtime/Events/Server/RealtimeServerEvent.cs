using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>
/// A server event, by its GA name (<see cref="BetaEventShapes"/> renames them for beta clients). The send loop
/// stamps <see cref="EventId"/> as it writes the event.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SessionCreatedEvent), "session.created")]
[JsonDerivedType(typeof(SessionUpdatedEvent), "session.updated")]
[JsonDerivedType(typeof(ErrorEvent), "error")]
[JsonDerivedType(typeof(RateLimitsUpdatedEvent), "rate_limits.updated")]
[JsonDerivedType(typeof(SpeechStartedEvent), "input_audio_buffer.speech_started")]
[JsonDerivedType(typeof(SpeechStoppedEvent), "input_audio_buffer.speech_stopped")]
[JsonDerivedType(typeof(InputTimeoutTriggeredEvent), "input_audio_buffer.timeout_triggered")]
[JsonDerivedType(typeof(InputCommittedEvent), "input_audio_buffer.committed")]
[JsonDerivedType(typeof(InputClearedEvent), "input_audio_buffer.cleared")]
[JsonDerivedType(typeof(ItemAddedEvent), "conversation.item.added")]
[JsonDerivedType(typeof(ItemDoneEvent), "conversation.item.done")]
[JsonDerivedType(typeof(ItemRetrievedEvent), "conversation.item.retrieved")]
[JsonDerivedType(typeof(ItemDeletedEvent), "conversation.item.deleted")]
[JsonDerivedType(typeof(ItemTruncatedEvent), "conversation.item.truncated")]
[JsonDerivedType(typeof(TranscriptionDeltaEvent), "conversation.item.input_audio_transcription.delta")]
[JsonDerivedType(typeof(TranscriptionCompletedEvent), "conversation.item.input_audio_transcription.completed")]
[JsonDerivedType(typeof(TranscriptionFailedEvent), "conversation.item.input_audio_transcription.failed")]
[JsonDerivedType(typeof(ResponseCreatedEvent), "response.created")]
[JsonDerivedType(typeof(ResponseDoneEvent), "response.done")]
[JsonDerivedType(typeof(OutputItemAddedEvent), "response.output_item.added")]
[JsonDerivedType(typeof(OutputItemDoneEvent), "response.output_item.done")]
[JsonDerivedType(typeof(ContentPartAddedEvent), "response.content_part.added")]
[JsonDerivedType(typeof(ContentPartDoneEvent), "response.content_part.done")]
[JsonDerivedType(typeof(OutputTextDeltaEvent), "response.output_text.delta")]
[JsonDerivedType(typeof(OutputTextDoneEvent), "response.output_text.done")]
[JsonDerivedType(typeof(OutputAudioTranscriptDeltaEvent), "response.output_audio_transcript.delta")]
[JsonDerivedType(typeof(OutputAudioTranscriptDoneEvent), "response.output_audio_transcript.done")]
[JsonDerivedType(typeof(OutputAudioDeltaEvent), "response.output_audio.delta")]
[JsonDerivedType(typeof(OutputAudioDoneEvent), "response.output_audio.done")]
[JsonDerivedType(typeof(FunctionCallArgumentsDeltaEvent), "response.function_call_arguments.delta")]
[JsonDerivedType(typeof(FunctionCallArgumentsDoneEvent), "response.function_call_arguments.done")]
[JsonDerivedType(typeof(McpListToolsInProgressEvent), "mcp_list_tools.in_progress")]
[JsonDerivedType(typeof(McpListToolsCompletedEvent), "mcp_list_tools.completed")]
[JsonDerivedType(typeof(McpListToolsFailedEvent), "mcp_list_tools.failed")]
[JsonDerivedType(typeof(McpCallArgumentsDeltaEvent), "response.mcp_call_arguments.delta")]
[JsonDerivedType(typeof(McpCallArgumentsDoneEvent), "response.mcp_call_arguments.done")]
[JsonDerivedType(typeof(McpCallInProgressEvent), "response.mcp_call.in_progress")]
[JsonDerivedType(typeof(McpCallCompletedEvent), "response.mcp_call.completed")]
[JsonDerivedType(typeof(McpCallFailedEvent), "response.mcp_call.failed")]
internal abstract record RealtimeServerEvent
{
    /// <summary>Right after the type, as OpenAI writes it.</summary>
    [JsonPropertyOrder(int.MinValue)]
    public string? EventId { get; init; }
}
