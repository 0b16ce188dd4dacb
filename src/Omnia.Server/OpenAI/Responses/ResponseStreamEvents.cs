using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>One server-sent event of a streamed response; <c>sequence_number</c> counts from 0 in sending order.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ResponseCreatedEvent), ResponseCreatedEvent.EventType)]
[JsonDerivedType(typeof(ResponseInProgressEvent), ResponseInProgressEvent.EventType)]
[JsonDerivedType(typeof(ResponseCompletedEvent), ResponseCompletedEvent.EventType)]
[JsonDerivedType(typeof(ResponseIncompleteEvent), ResponseIncompleteEvent.EventType)]
[JsonDerivedType(typeof(ResponseFailedEvent), ResponseFailedEvent.EventType)]
[JsonDerivedType(typeof(OutputItemAddedEvent), OutputItemAddedEvent.EventType)]
[JsonDerivedType(typeof(OutputItemDoneEvent), OutputItemDoneEvent.EventType)]
[JsonDerivedType(typeof(ContentPartAddedEvent), ContentPartAddedEvent.EventType)]
[JsonDerivedType(typeof(ContentPartDoneEvent), ContentPartDoneEvent.EventType)]
[JsonDerivedType(typeof(OutputTextDeltaEvent), OutputTextDeltaEvent.EventType)]
[JsonDerivedType(typeof(OutputTextDoneEvent), OutputTextDoneEvent.EventType)]
[JsonDerivedType(typeof(FunctionCallArgumentsDeltaEvent), FunctionCallArgumentsDeltaEvent.EventType)]
[JsonDerivedType(typeof(FunctionCallArgumentsDoneEvent), FunctionCallArgumentsDoneEvent.EventType)]
[JsonDerivedType(typeof(ResponseErrorEvent), ResponseErrorEvent.EventType)]
[JsonDerivedType(typeof(McpListToolsInProgressEvent), McpListToolsInProgressEvent.EventType)]
[JsonDerivedType(typeof(McpListToolsCompletedEvent), McpListToolsCompletedEvent.EventType)]
[JsonDerivedType(typeof(McpCallArgumentsDeltaEvent), McpCallArgumentsDeltaEvent.EventType)]
[JsonDerivedType(typeof(McpCallArgumentsDoneEvent), McpCallArgumentsDoneEvent.EventType)]
[JsonDerivedType(typeof(McpCallInProgressEvent), McpCallInProgressEvent.EventType)]
[JsonDerivedType(typeof(McpCallCompletedEvent), McpCallCompletedEvent.EventType)]
[JsonDerivedType(typeof(McpCallFailedEvent), McpCallFailedEvent.EventType)]
[JsonDerivedType(typeof(ImageGenerationCallInProgressEvent), ImageGenerationCallInProgressEvent.EventType)]
[JsonDerivedType(typeof(ImageGenerationCallGeneratingEvent), ImageGenerationCallGeneratingEvent.EventType)]
[JsonDerivedType(typeof(ImageGenerationCallPartialImageEvent), ImageGenerationCallPartialImageEvent.EventType)]
[JsonDerivedType(typeof(ImageGenerationCallCompletedEvent), ImageGenerationCallCompletedEvent.EventType)]
public abstract record ResponseStreamEvent
{
    public int SequenceNumber { get; init; }

    /// <summary>The SSE <c>event:</c> name, the same as the JSON <c>type</c> (a method, so the serializer leaves it out).</summary>
    public abstract string EventName();
}

public sealed record ResponseCreatedEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string EventType = "response.created";
    public override string EventName() => EventType;
}

public sealed record ResponseInProgressEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string EventType = "response.in_progress";
    public override string EventName() => EventType;
}

public sealed record ResponseCompletedEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string EventType = "response.completed";
    public override string EventName() => EventType;
}

public sealed record ResponseIncompleteEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string EventType = "response.incomplete";
    public override string EventName() => EventType;
}

public sealed record ResponseFailedEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string EventType = "response.failed";
    public override string EventName() => EventType;
}

public sealed record OutputItemAddedEvent(int OutputIndex, ResponseItem Item) : ResponseStreamEvent
{
    public const string EventType = "response.output_item.added";
    public override string EventName() => EventType;
}

public sealed record OutputItemDoneEvent(int OutputIndex, ResponseItem Item) : ResponseStreamEvent
{
    public const string EventType = "response.output_item.done";
    public override string EventName() => EventType;
}

public sealed record ContentPartAddedEvent(string ItemId, int OutputIndex, int ContentIndex, ItemContentPart Part) : ResponseStreamEvent
{
    public const string EventType = "response.content_part.added";
    public override string EventName() => EventType;
}

public sealed record ContentPartDoneEvent(string ItemId, int OutputIndex, int ContentIndex, ItemContentPart Part) : ResponseStreamEvent
{
    public const string EventType = "response.content_part.done";
    public override string EventName() => EventType;
}

public sealed record OutputTextDeltaEvent(string ItemId, int OutputIndex, int ContentIndex, string Delta) : ResponseStreamEvent
{
    public const string EventType = "response.output_text.delta";
    public override string EventName() => EventType;
    public IReadOnlyList<object> Logprobs { get; init; } = [];
}

public sealed record OutputTextDoneEvent(string ItemId, int OutputIndex, int ContentIndex, string Text) : ResponseStreamEvent
{
    public const string EventType = "response.output_text.done";
    public override string EventName() => EventType;
    public IReadOnlyList<object> Logprobs { get; init; } = [];
}

public sealed record FunctionCallArgumentsDeltaEvent(string ItemId, int OutputIndex, string Delta) : ResponseStreamEvent
{
    public const string EventType = "response.function_call_arguments.delta";
    public override string EventName() => EventType;
}

public sealed record FunctionCallArgumentsDoneEvent(string ItemId, int OutputIndex, string Name, string Arguments) : ResponseStreamEvent
{
    public const string EventType = "response.function_call_arguments.done";
    public override string EventName() => EventType;
}

/// <summary>A failure after the stream began that no response state can carry (the store refused the finished response).</summary>
public sealed record ResponseErrorEvent(string? Code, string Message, string? Param) : ResponseStreamEvent
{
    public const string EventType = "error";
    public override string EventName() => EventType;
}

public sealed record McpListToolsInProgressEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.mcp_list_tools.in_progress";
    public override string EventName() => EventType;
}

public sealed record McpListToolsCompletedEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.mcp_list_tools.completed";
    public override string EventName() => EventType;
}

public sealed record McpCallArgumentsDeltaEvent(string ItemId, int OutputIndex, string Delta) : ResponseStreamEvent
{
    public const string EventType = "response.mcp_call_arguments.delta";
    public override string EventName() => EventType;
}

public sealed record McpCallArgumentsDoneEvent(string ItemId, int OutputIndex, string Arguments) : ResponseStreamEvent
{
    public const string EventType = "response.mcp_call_arguments.done";
    public override string EventName() => EventType;
}

public sealed record McpCallInProgressEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.mcp_call.in_progress";
    public override string EventName() => EventType;
}

public sealed record McpCallCompletedEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.mcp_call.completed";
    public override string EventName() => EventType;
}

public sealed record McpCallFailedEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.mcp_call.failed";
    public override string EventName() => EventType;
}
