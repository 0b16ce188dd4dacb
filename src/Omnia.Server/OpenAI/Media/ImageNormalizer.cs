using Microsoft.Extensions.Options;
using Omnia.Server.Errors;
using SkiaSharp;

namespace Omnia.Server.OpenAI.Media;

/// <summary>
/// Checks and normalizes an image before any engine sees it: the type is sniffed from the bytes (png, jpeg, webp,
/// gif's first frame), the declared size is checked before decoding (image bombs), and the picture is scaled down to
/// the detail's limit and re-encoded as PNG.
/// </summary>
public sealed class ImageNormalizer(IOptions<MediaOptions> options)
{
    private static readonly SKEncodedImageFormat[] Supported = [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Webp, SKEncodedImageFormat.Gif];

    public NormalizedImage Normalize(ReadOnlyMemory<byte> bytes, string? detail, string param)
    {
        var limits = options.Value;
        if (bytes.Length > limits.MaxImageBytes)
            throw ApiException.BadRequest($"The image in '{param}' is larger than {limits.MaxImageBytes} bytes.", param, "image_too_large");

        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data)
            ?? throw ApiException.BadRequest($"The data in '{param}' is not an image this server reads (png, jpeg, webp, gif).", param, "invalid_image");
        if (!Supported.Contains(codec.EncodedFormat))
            throw ApiException.BadRequest($"Unsupported image type '{codec.EncodedFormat.ToString().ToLowerInvariant()}' in '{param}': send png, jpeg, webp or gif.", param, "unsupported_image_type");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > limits.MaxImagePixels)
            throw ApiException.BadRequest($"The image in '{param}' declares {width}x{height} pixels; the limit is {limits.MaxImagePixels} pixels.", param, "image_too_large");

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw ApiException.BadRequest($"The image in '{param}' could not be decoded ({result}).", param, "invalid_image");

        var side = detail == "low" ? limits.LowDetailSide : limits.MaxImageSide;
        var scale = Math.Min(1.0, (double)side / Math.Max(width, height));
        var (outWidth, outHeight) = (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        using var scaled = scale < 1 ? decoded.Resize(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell)) : null;
        using var image = SKImage.FromBitmap(scaled ?? decoded);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return new NormalizedImage(png.ToArray(), outWidth, outHeight, codec.EncodedFormat.ToString().ToLowerInvariant());
    }
}

/// <summary>An image ready for an engine: PNG bytes at its final size, and the type it arrived as.</summary>
public sealed record NormalizedImage(byte[] Png, int Width, int Height, string SourceFormat);
