namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>The files of a Stable Diffusion ONNX export: three graphs and CLIP's tokenizer, and the VAE encoder that edits need.</summary>
public sealed record DiffusionModelFiles(string TextEncoder, string Unet, string VaeDecoder, string Vocabulary, string Merges)
{
    /// <summary>The tokenizer's <c>special_tokens_map.json</c>, which names the padding token (SD 2.x pads with "!"); optional.</summary>
    public string? SpecialTokens { get; init; }

    /// <summary>The VAE encoder (image to latents); optional: without it the model makes images from text only.</summary>
    public string? VaeEncoder { get; init; }

    /// <summary>The layout of an Optimum or Olive export directory (<c>unet/model.onnx</c>, <c>tokenizer/vocab.json</c>…).</summary>
    public static DiffusionModelFiles FromExportDirectory(string directory) => new(
        Path.Combine(directory, "text_encoder", "model.onnx"),
        Path.Combine(directory, "unet", "model.onnx"),
        Path.Combine(directory, "vae_decoder", "model.onnx"),
        Path.Combine(directory, "tokenizer", "vocab.json"),
        Path.Combine(directory, "tokenizer", "merges.txt"))
    {
        SpecialTokens = Path.Combine(directory, "tokenizer", "special_tokens_map.json"),
        VaeEncoder = File.Exists(Path.Combine(directory, "vae_encoder", "model.onnx")) ? Path.Combine(directory, "vae_encoder", "model.onnx") : null,
    };

    /// <summary>The first file that is missing, or null.</summary>
    public string? Missing() => new[] { TextEncoder, Unet, VaeDecoder, Vocabulary, Merges, VaeEncoder }.FirstOrDefault(p => p is not null && !File.Exists(p));
}
