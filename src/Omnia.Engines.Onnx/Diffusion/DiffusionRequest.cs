namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>One image to make, already checked against the model: the prompt's ids and the empty prompt's (for guidance),
/// size, steps, seed and which steps to show.</summary>
internal sealed record DiffusionRequest(int[] PromptIds, int[] UnconditionedIds, int Width, int Height, int Steps, long Seed, double GuidanceScale)
{
    /// <summary>Steps after which the clean-image estimate is decoded as a partial image.</summary>
    public IReadOnlyList<int> PartialSteps { get; init; } = [];

    /// <summary>For an edit, the image to start from (image-to-image); null to start from noise.</summary>
    public ImageToImage? Edit { get; init; }

    /// <summary>The steps at which <paramref name="partialImages"/> partial images are shown: spread over the run, never
    /// the last step (its estimate is the final image), so a 1-step run has none.</summary>
    public static IReadOnlyList<int> SpreadPartials(int steps, int partialImages) =>
        [.. Enumerable.Range(0, partialImages).Select(k => k * steps / Math.Max(partialImages, 1)).Where(s => s < steps - 1).Distinct()];
}
