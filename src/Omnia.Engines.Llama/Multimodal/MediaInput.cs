namespace Omnia.Engines.Llama.Multimodal;

/// <summary>One image or sound of a multimodal prompt, checked on the request's thread and turned into an mtmd bitmap on the loop's.</summary>
/// <param name="Image">Encoded image bytes (PNG or JPEG, dimensions already checked), or null for audio.</param>
/// <param name="Samples">Mono samples at the encoder's sample rate, or null for an image.</param>
internal sealed record MediaInput(byte[]? Image, float[]? Samples)
{
    public static MediaInput FromImage(byte[] encoded) => new(encoded, null);

    public static MediaInput FromAudio(float[] samples) => new(null, samples);
}
