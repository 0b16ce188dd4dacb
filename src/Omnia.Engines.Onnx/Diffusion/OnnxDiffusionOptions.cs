namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>How a diffusion model is named, how much work a request may ask for and how it shares the machine.</summary>
public sealed class OnnxDiffusionOptions
{
    /// <summary>The model id reported in responses. Default <c>sd-turbo</c>.</summary>
    public string ModelId { get; set; } = "sd-turbo";

    /// <summary>Denoising steps when the request names none. Default 1, what SD-Turbo is distilled for.</summary>
    public int DefaultSteps { get; set; } = 1;

    /// <summary>The most steps a request may ask for. Default 50.</summary>
    public int MaxSteps { get; set; } = 50;

    /// <summary>Classifier-free guidance scale; at 1 or below the UNet runs once per step without a negative batch. Default 0 (SD-Turbo uses none).</summary>
    public double GuidanceScale { get; set; }

    /// <summary>The side used when the request asks for no size (or <c>auto</c>). Default 512.</summary>
    public int DefaultSide { get; set; } = 512;

    /// <summary>Smallest and largest side a graph with free latent dimensions is asked for (multiples of 64). Default 256 to 1024.</summary>
    public int MinSide { get; set; } = 256;

    /// <inheritdoc cref="MinSide"/>
    public int MaxSide { get; set; } = 1024;

    /// <summary>How much of an edited image is redrawn when the request names no strength, in (0, 1]. Default 0.75.</summary>
    public double DefaultStrength { get; set; } = 0.75;

    /// <summary>The most pixels an edit's uploaded image or mask may have, checked before decoding. Default 4096 × 4096.</summary>
    public long MaxSourcePixels { get; set; } = 4096L * 4096;

    /// <summary>Generations that run at once; each already uses <see cref="Threads"/> cores. Default 1.</summary>
    public int MaxConcurrentGenerations { get; set; } = 1;

    /// <summary>Requests that may be in progress (running or waiting); more get <see cref="Omnia.Errors.EngineOverloadedException"/>. Default 4.</summary>
    public int MaxActiveRequests { get; set; } = 4;

    /// <summary>CPU threads one graph run uses. Default: every core.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;
}
