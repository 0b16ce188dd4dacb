using Microsoft.Extensions.Options;
using Omnia.Server.Errors;
using SkiaSharp;

namespace Omnia.Server.OpenAI.Media;

/// <summary>
/// Checks and normalizes an image before any engine sees it: the type is sniffed from the bytes (png, jpeg, webp,
/// gif's first frame), the declared size is checked before decoding (image bombs), and the picture is scaled down to
/// the detail's limit and re-encoded as PNG.
/// </summary>
/// <remarks>
/// Decoding memory is bounded per image and across images: JPEG and WebP are decoded straight at a reduced scale when
/// they will be scaled down anyway (so their memory follows the output, not the input), and every decode first takes
/// its pixel buffers' size from the shared <see cref="ImageDecodeBudget"/>, waiting while other decodes hold it.
/// A singleton; thread-safe.
/// </remarks>
public sealed class ImageNormalizer(IOptions<MediaOptions> options, ImageDecodeBudget budget)
{
    private const int BytesPerPixel = 4;

    private static readonly SKEncodedImageFormat[] Supported = [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Webp, SKEncodedImageFormat.Gif];

    public async Task<NormalizedImage> NormalizeAsync(ReadOnlyMemory<byte> bytes, string? detail, string param, CancellationToken cancellationToken)
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

        var side = detail == "low" ? limits.LowDetailSide : limits.MaxImageSide;
        var scale = Math.Min(1.0, (double)side / Math.Max(width, height));
        var (outWidth, outHeight) = (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        var decodeSize = DecodeSize(codec, scale, outWidth, outHeight);
        var cost = (long)decodeSize.Width * decodeSize.Height * BytesPerPixel
            + (decodeSize.Width == outWidth && decodeSize.Height == outHeight ? 0 : (long)outWidth * outHeight * BytesPerPixel);
        if (cost > budget.CapacityBytes)
            throw ApiException.BadRequest(
                $"The image in '{param}' ({width}x{height}) needs {cost} bytes to decode; the server decodes at most {budget.CapacityBytes} bytes of images at once.",
                param, "image_too_large");

        using var lease = await budget.AcquireAsync(cost, cancellationToken);
        var info = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw ApiException.BadRequest($"The image in '{param}' could not be decoded ({result}).", param, "invalid_image");

        using var scaled = decodeSize.Width != outWidth || decodeSize.Height != outHeight
            ? decoded.Resize(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell))
            : null;
        using var image = SKImage.FromBitmap(scaled ?? decoded);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return new NormalizedImage(png.ToArray(), outWidth, outHeight, codec.EncodedFormat.ToString().ToLowerInvariant());
    }

    /// <summary>The size to decode at: for JPEG and WebP, the smallest the codec decodes directly that is still at least
    /// the output size (then only a light resize remains); the full size otherwise.</summary>
    private static SKSizeI DecodeSize(SKCodec codec, double scale, int outWidth, int outHeight)
    {
        var full = new SKSizeI(codec.Info.Width, codec.Info.Height);
        if (scale >= 1 || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp))
            return full;
        var reduced = codec.GetScaledDimensions((float)scale);
        return reduced.Width >= outWidth && reduced.Height >= outHeight && reduced.Width <= full.Width && reduced.Height <= full.Height ? reduced : full;
    }
}

/// <summary>An image ready for an engine: PNG bytes at its final size, and the type it arrived as.</summary>
public sealed record NormalizedImage(byte[] Png, int Width, int Height, string SourceFormat);
