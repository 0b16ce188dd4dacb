using Microsoft.Extensions.AI;

namespace Omnia.Images;

/// <summary>
/// An image generator that can show its work: the streaming call of Microsoft.Extensions.AI's <see cref="IImageGenerator"/>,
/// which (in 10.11.0) has the option for it, <see cref="ImageGenerationOptions.StreamingCount"/>, but no call yet.
/// </summary>
/// <remarks>
/// Updates come in order: for each image, up to <see cref="ImageGenerationOptions.StreamingCount"/> partial images,
/// then the final one. Calls may be concurrent; the engine bounds how many run at once and refuses the rest with
/// <see cref="Omnia.Errors.EngineOverloadedException"/>. Cancelling the token stops the generation between steps.
/// </remarks>
public interface IStreamingImageGenerator : IImageGenerator
{
    /// <summary>Generates the images, yielding partial images while the steps run and each final image when done.</summary>
    IAsyncEnumerable<ImageGenerationUpdate> GenerateStreamingAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null,
        CancellationToken cancellationToken = default);
}
