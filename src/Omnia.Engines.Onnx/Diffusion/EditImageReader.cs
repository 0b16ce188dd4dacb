using Omnia.Errors;
using SkiaSharp;

namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>
/// An edit's uploads read with SkiaSharp: the image (PNG, JPEG or WebP) as planar RGB in [−1, 1] and the mask (a PNG
/// whose fully transparent pixels mark what to edit) as one weight per latent cell. Both are scaled to cover the
/// request's size and cropped about their centre, the same way, so the mask stays over the pixels it was drawn on.
/// </summary>
/// <remarks>Bad uploads are an <see cref="InvalidRequestException"/> naming <c>image</c> or <c>mask</c>. Stateless and thread-safe.</remarks>
internal static class EditImageReader
{
    /// <summary>The header's size and format, before any pixel is decoded; refuses other formats and images over <paramref name="maxPixels"/>.</summary>
    public static (int Width, int Height, bool HasAlpha) Measure(ReadOnlySpan<byte> bytes, string param, long maxPixels, bool pngOnly = false)
    {
        using var codec = Codec(bytes, param, out var data);
        using (data)
        {
            var format = codec.EncodedFormat;
            var allowed = pngOnly ? format == SKEncodedImageFormat.Png : format is SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp;
            if (!allowed)
            {
                throw new InvalidRequestException(
                    $"The {param} is {format.ToString().ToUpperInvariant()}; send {(pngOnly ? "a PNG" : "PNG, JPEG or WebP")}.", param, "invalid_image_format");
            }
            var info = codec.Info;
            if ((long)info.Width * info.Height > maxPixels)
            {
                throw new InvalidRequestException(
                    $"The {param} is {info.Width}x{info.Height}; images may have at most {maxPixels} pixels.", param, "image_too_large");
            }
            return (info.Width, info.Height, info.AlphaType != SKAlphaType.Opaque);
        }
    }

    /// <summary>The image scaled and cropped to <paramref name="width"/> × <paramref name="height"/>, over white where it is transparent.</summary>
    public static float[] ReadImage(ReadOnlySpan<byte> bytes, int width, int height)
    {
        using var bitmap = Cover(bytes, "image", width, height, SKColors.White);
        var pixels = bitmap.GetPixelSpan();
        var plane = width * height;
        var planar = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            planar[i] = ToUnit(pixels[4 * i]);
            planar[plane + i] = ToUnit(pixels[4 * i + 1]);
            planar[2 * plane + i] = ToUnit(pixels[4 * i + 2]);
        }
        return planar;
    }

    /// <summary>The mask scaled and cropped as the image was, as the share of each 8×8 cell that is transparent (to edit).</summary>
    public static float[] ReadLatentMask(ReadOnlySpan<byte> bytes, int width, int height)
    {
        using var bitmap = Cover(bytes, "mask", width, height, SKColors.Transparent);
        var pixels = bitmap.GetPixelSpan();
        var (columns, rows) = (width / 8, height / 8);
        var mask = new float[columns * rows];
        for (var y = 0; y < rows * 8; y++)
        {
            for (var x = 0; x < columns * 8; x++)
            {
                mask[y / 8 * columns + x / 8] += 1 - pixels[4 * (y * width + x) + 3] / 255f;
            }
        }
        for (var i = 0; i < mask.Length; i++) mask[i] /= 64;
        return mask;
    }

    /// <summary>[0, 255] to [−1, 1], the inverse of <see cref="ImageEncoder.ToByte"/>.</summary>
    public static float ToUnit(byte value) => value / 127.5f - 1;

    private static SKBitmap Cover(ReadOnlySpan<byte> bytes, string param, int width, int height, SKColor background)
    {
        using var codec = Codec(bytes, param, out var data);
        using (data)
        {
            using var source = SKBitmap.Decode(codec, codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul))
                ?? throw new InvalidRequestException($"The {param} could not be decoded.", param, "invalid_image");
            using var image = SKImage.FromBitmap(source);
            // The largest centred part of the source with the target's aspect ratio.
            var scale = Math.Min((float)source.Width / width, (float)source.Height / height);
            var (cropWidth, cropHeight) = (width * scale, height * scale);
            var crop = SKRect.Create((source.Width - cropWidth) / 2, (source.Height - cropHeight) / 2, cropWidth, cropHeight);
            var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(target))
            {
                canvas.Clear(background);
                canvas.DrawImage(image, crop, SKRect.Create(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            }
            // Opaque over white for the image; for the mask only alpha is read, the same premultiplied or not.
            return target;
        }
    }

    private static SKCodec Codec(ReadOnlySpan<byte> bytes, string param, out SKData data)
    {
        data = SKData.CreateCopy(bytes);
        var codec = SKCodec.Create(data);
        if (codec is null)
        {
            data.Dispose();
            throw new InvalidRequestException($"The {param} is not an image Omnia can read; send PNG, JPEG or WebP.", param, "invalid_image_format");
        }
        return codec;
    }
}
