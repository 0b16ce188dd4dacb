using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>One server-sent event of a streamed response; <c>sequence_number</c> counts from 0 in sending order.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ResponseQueuedEvent), ResponseQueuedEvent.Name)]
[JsonDerivedType(typeof(ResponseCreatedEvent), ResponseCreatedEvent.Name)]
[JsonDerivedType(typeof(ResponseInProgressEvent), ResponseInProgressEvent.Name)]
[JsonDerivedType(typeof(ResponseCompletedEvent), ResponseCompletedEvent.Name)]
[JsonDerivedType(typeof(ResponseIncompleteEvent), ResponseIncompleteEvent.Name)]
[JsonDerivedType(typeof(ResponseFailedEvent), ResponseFailedEvent.Name)]
[JsonDerivedType(typeof(OutputItemAddedEvent), OutputItemAddedEvent.Name)]
[JsonDerivedType(typeof(OutputItemDoneEvent), OutputItemDoneEvent.Name)]
[JsonDerivedType(typeof(ContentPartAddedEvent), ContentPartAddedEvent.Name)]
[JsonDerivedType(typeof(ContentPartDoneEvent), ContentPartDoneEvent.Name)]
[JsonDerivedType(typeof(OutputTextDeltaEvent), OutputTextDeltaEvent.Name)]
[JsonDerivedType(typeof(OutputTextDoneEvent), OutputTextDoneEvent.Name)]
[JsonDerivedType(typeof(FunctionCallArgumentsDeltaEvent), FunctionCallArgumentsDeltaEvent.Name)]
[JsonDerivedType(typeof(FunctionCallArgumentsDoneEvent), FunctionCallArgumentsDoneEvent.Name)]
[JsonDerivedType(typeof(ResponseErrorEvent), ResponseErrorEvent.Name)]
public abstract record ResponseStreamEvent
{
    public int SequenceNumber { get; init; }

    /// <summary>The SSE <c>event:</c> name, the same as the JSON <c>type</c>.</summary>
    [JsonIgnore]
    public abstract string EventName { get; }
}

public sealed record ResponseQueuedEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string Name = "response.queued";
    public override string EventName => Name;
}

public sealed record ResponseCreatedEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string Name = "response.created";
    public override string EventName => Name;
}

public sealed record ResponseInProgressEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string Name = "response.in_progress";
    public override string EventName => Name;
}

public sealed record ResponseCompletedEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string Name = "response.completed";
    public override string EventName => Name;
}

public sealed record ResponseIncompleteEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string Name = "response.incomplete";
    public override string EventName => Name;
}

public sealed record ResponseFailedEvent(ResponseObject Response) : ResponseStreamEvent
{
    public const string Name = "response.failed";
    public override string EventName => Name;
}

public sealed record OutputItemAddedEvent(int OutputIndex, ResponseItem Item) : ResponseStreamEvent
{
    public const string Name = "response.output_item.added";
    public override string EventName => Name;
}

public sealed record OutputItemDoneEvent(int OutputIndex, ResponseItem Item) : ResponseStreamEvent
{
    public const string Name = "response.output_item.done";
    public override string EventName => Name;
}

public sealed record ContentPartAddedEvent(string ItemId, int OutputIndex, int ContentIndex, ItemContentPart Part) : ResponseStreamEvent
{
    public const string Name = "response.content_part.added";
    public override string EventName => Name;
}

public sealed record ContentPartDoneEvent(string ItemId, int OutputIndex, int ContentIndex, ItemContentPart Part) : ResponseStreamEvent
{
    public const string Name = "response.content_part.done";
    public override string EventName => Name;
}

public sealed record OutputTextDeltaEvent(string ItemId, int OutputIndex, int ContentIndex, string Delta) : ResponseStreamEvent
{
    public const string Name = "response.output_text.delta";
    public override string EventName => Name;
    public IReadOnlyList<object> Logprobs { get; init; } = [];
}

public sealed record OutputTextDoneEvent(string ItemId, int OutputIndex, int ContentIndex, string Text) : ResponseStreamEvent
{
    public const string Name = "response.output_text.done";
    public override string EventName => Name;
    public IReadOnlyList<object> Logprobs { get; init; } = [];
}

public sealed record FunctionCallArgumentsDeltaEvent(string ItemId, int OutputIndex, string Delta) : ResponseStreamEvent
{
    public const string Name = "response.function_call_arguments.delta";
    public override string EventName => Name;
}

public sealed record FunctionCallArgumentsDoneEvent(string ItemId, int OutputIndex, string Arguments) : ResponseStreamEvent
{
    public const string Name = "response.function_call_arguments.done";
    public override string EventName => Name;
}

/// <summary>A failure after the stream began that no response state can carry (the store refused the finished response).</summary>
public sealed record ResponseErrorEvent(string? Code, string Message, string? Param) : ResponseStreamEvent
{
    public const string Name = "error";
    public override string EventName => Name;
}
