namespace Omnia.Server.OpenAI.Responses;

/// <summary><c>response.image_generation_call.in_progress</c>: the tool call began.</summary>
public sealed record ImageGenerationCallInProgressEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.image_generation_call.in_progress";
    public override string EventName() => EventType;
}

/// <summary><c>response.image_generation_call.generating</c>: the engine is drawing.</summary>
public sealed record ImageGenerationCallGeneratingEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.image_generation_call.generating";
    public override string EventName() => EventType;
}

/// <summary><c>response.image_generation_call.partial_image</c>: an intermediate step's picture, numbered from 0.</summary>
public sealed record ImageGenerationCallPartialImageEvent(string ItemId, int OutputIndex, int PartialImageIndex, string PartialImageB64) : ResponseStreamEvent
{
    public const string EventType = "response.image_generation_call.partial_image";
    public override string EventName() => EventType;
}

/// <summary><c>response.image_generation_call.completed</c>: the image is done (it is in the item of the next <c>output_item.done</c>).</summary>
public sealed record ImageGenerationCallCompletedEvent(string ItemId, int OutputIndex) : ResponseStreamEvent
{
    public const string EventType = "response.image_generation_call.completed";
    public override string EventName() => EventType;
}
