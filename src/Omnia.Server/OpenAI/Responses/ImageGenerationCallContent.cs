using Microsoft.Extensions.AI;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// A step of an <c>image_generation</c> call, carried among the chat updates from <see cref="ImageGenerationChatClient"/>
/// to <see cref="ResponseRun"/>, which turns it into the output item and its events.
/// </summary>
internal sealed class ImageGenerationCallContent(ImageGenerationCallStage stage, ImageGenerationCallItem item) : AIContent
{
    public ImageGenerationCallStage Stage { get; } = stage;

    /// <summary>The item as it stands at this step (its <c>result</c> set once completed).</summary>
    public ImageGenerationCallItem Item { get; } = item;

    public int PartialImageIndex { get; init; }

    public string? PartialImageB64 { get; init; }
}
