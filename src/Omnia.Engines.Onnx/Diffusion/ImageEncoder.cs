using Omnia.Errors;
using SkiaSharp;

namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>Planar RGB in [−1, 1] (the VAE decoder's output) to PNG, JPEG or WebP bytes.</summary>
internal static class ImageEncoder
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Webp = "image/webp";

    /// <summary>The media types this encoder writes.</summary>
    public static IReadOnlyList<string> MediaTypes { get; } = [Png, Jpeg, Webp];

    /// <summary>JPEG and WebP quality when the request names none.</summary>
    public const int DefaultQuality = 90;

    public static byte[] Encode(ReadOnlySpan<float> planar, int width, int height, string mediaType, int quality = DefaultQuality)
    {
        var format = mediaType switch
        {
            Png => SKEncodedImageFormat.Png,
            Jpeg => SKEncodedImageFormat.Jpeg,
            Webp => SKEncodedImageFormat.Webp,
            _ => throw new InvalidRequestException($"Images can be {string.Join(", ", MediaTypes)}, not '{mediaType}'.", "output_format"),
        };
        var plane = width * height;
        if (planar.Length < 3 * plane) throw new InvalidDataException($"The VAE decoder gave {planar.Length} values for a {width}x{height} RGB image.");
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < plane; i++)
        {
            pixels[4 * i] = ToByte(planar[i]);
            pixels[4 * i + 1] = ToByte(planar[plane + i]);
            pixels[4 * i + 2] = ToByte(planar[2 * plane + i]);
            pixels[4 * i + 3] = 255;
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>[−1, 1] to [0, 255], as diffusers' image processor: (x/2 + 0.5) clamped, times 255, rounded.</summary>
    public static byte ToByte(float value) => (byte)Math.Round(Math.Clamp(value / 2 + 0.5f, 0f, 1f) * 255f);
}
