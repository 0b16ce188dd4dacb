namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>An edit's starting point: the uploaded image at the request's size and, with a mask, where it may change.</summary>
/// <param name="Image">Planar RGB in [−1, 1], the request's width × height (what the VAE encoder takes).</param>
/// <param name="Mask">One weight per latent cell (height/8 × width/8): 1 where the image is edited, 0 where it is kept; null edits everywhere.</param>
/// <param name="Strength">How much of the image is redrawn, in (0, 1]: the noise level the steps start from.</param>
internal sealed record ImageToImage(float[] Image, float[]? Mask, double Strength);
