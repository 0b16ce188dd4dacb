namespace Omnia.Images;

/// <summary>Keys of <c>AdditionalProperties</c> that Omnia's image generators and the server agree on.</summary>
public static class ImageProperties
{
    /// <summary>On image options: the seed (a <see cref="long"/>); the same seed and request give the same image.</summary>
    public const string Seed = "seed";

    /// <summary>On image options: denoising steps (an <see cref="int"/>), for engines that take steps.</summary>
    public const string Steps = "steps";

    /// <summary>On image options: OpenAI's <c>quality</c> (low, medium, high, auto), which an engine maps to its own effort.</summary>
    public const string Quality = "quality";

    /// <summary>On image options: OpenAI's <c>background</c> (transparent, opaque, auto).</summary>
    public const string Background = "background";

    /// <summary>On image options: OpenAI's <c>output_compression</c> (an <see cref="int"/>, 0-100), the JPEG or WebP quality.</summary>
    public const string OutputCompression = "output_compression";

    /// <summary>On image options, for an edit: the mask (a <see cref="Microsoft.Extensions.AI.DataContent"/>, PNG), whose fully
    /// transparent pixels mark where the image is edited; it has the image's size.</summary>
    public const string Mask = "mask";

    /// <summary>On image options, for an edit: how much of the image is redrawn (a <see cref="double"/> in (0, 1]); Omnia's
    /// own, as diffusers' image-to-image strength.</summary>
    public const string Strength = "strength";

    /// <summary>On an image's content: what the engine changed in the request, such as a prompt cut to the tokenizer's length (a <see cref="string"/>).</summary>
    public const string Warning = "warning";

    /// <summary>On an image's content: the seed actually used (a <see cref="long"/>), so a caller can reproduce an image.</summary>
    public const string UsedSeed = "seed";
}
