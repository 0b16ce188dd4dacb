namespace Omnia.Server.OpenAI.Responses;

/// <summary>The stream events of an <c>image_generation</c> call, in OpenAI's order; the finished item joins the output.</summary>
internal static class ImageGenerationCallStream
{
    public static IEnumerable<ResponseStreamEvent> Events(ImageGenerationCallContent call, List<ResponseItem> output)
    {
        // The item joins the output only when done, so until then its index is the output's length.
        var index = output.Count;
        var id = call.Item.Id;
        switch (call.Stage)
        {
            case ImageGenerationCallStage.InProgress:
                yield return new OutputItemAddedEvent(index, call.Item);
                yield return new ImageGenerationCallInProgressEvent(id, index);
                break;
            case ImageGenerationCallStage.Generating:
                yield return new ImageGenerationCallGeneratingEvent(id, index);
                break;
            case ImageGenerationCallStage.PartialImage:
                yield return new ImageGenerationCallPartialImageEvent(id, index, call.PartialImageIndex, call.PartialImageB64!);
                break;
            case ImageGenerationCallStage.Completed:
                yield return new ImageGenerationCallCompletedEvent(id, index);
                output.Add(call.Item);
                yield return new OutputItemDoneEvent(index, call.Item);
                break;
        }
    }
}
