namespace Omnia.Gguf;

/// <summary>The hyper-parameters of a LLaVA-style vision projector: a ViT over square patches, then a two-layer MLP.</summary>
/// <param name="ImageSize">Side of the square image the encoder takes, in pixels.</param>
/// <param name="PatchSize">Side of one patch; the image yields (ImageSize / PatchSize)² embeddings.</param>
/// <param name="OutputLength">Width of the projector's output: must equal the language model's embedding length.</param>
public sealed record ClipVisionShape(
    int ImageSize,
    int PatchSize,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int FeedForwardLength,
    int ProjectorHiddenLength,
    int OutputLength)
{
    /// <summary>Tiny encoder for tests: a 32×32 image in 16 patches of 8×8, 2 blocks of 32.</summary>
    public static ClipVisionShape Tiny(int outputLength) => new(32, 8, 32, 2, 4, 64, 64, outputLength);

    /// <summary>Embeddings one image becomes.</summary>
    public int PatchCount => (ImageSize / PatchSize) * (ImageSize / PatchSize);
}
