using Microsoft.Extensions.AI;

namespace Omnia.Images;

/// <summary>One image of a streamed generation: a partial image while the steps run, or the final image.</summary>
/// <param name="ImageIndex">Which of the request's images this is, from 0.</param>
/// <param name="PartialImageIndex">For a partial image, its number from 0; null for the final image.</param>
/// <param name="Image">The encoded image; its additional properties may carry <see cref="ImageProperties.UsedSeed"/> and
/// <see cref="ImageProperties.Warning"/>.</param>
public sealed record ImageGenerationUpdate(int ImageIndex, int? PartialImageIndex, DataContent Image)
{
    public bool IsFinal => PartialImageIndex is null;
}
