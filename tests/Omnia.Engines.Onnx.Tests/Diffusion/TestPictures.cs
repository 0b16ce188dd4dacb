using SkiaSharp;

namespace Omnia.Tests;

/// <summary>Pictures for the edit tests, made with SkiaSharp: colours constant over 8×8 blocks (which the generated
/// VAE encodes and decodes exactly), masks, and a format Omnia does not take.</summary>
internal static class TestPictures
{
    /// <summary>A 1×1 GIF: a real image, in a format edits refuse.</summary>
    public static byte[] Gif { get; } = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>An opaque PNG whose colour changes from one 8×8 block to the next.</summary>
    public static byte[] Blocks(int width, int height) =>
        Draw(width, height, SKEncodedImageFormat.Png, SKAlphaType.Opaque, (x, y) => new SKColor((byte)(x / 8 * 37 % 256), (byte)(y / 8 * 23 % 256), (byte)((x / 8 + y / 8) * 11 % 256)));

    /// <summary>A mask whose left half is opaque (kept) and right half fully transparent (edited).</summary>
    public static byte[] LeftHalfKept(int width, int height) =>
        Draw(width, height, SKEncodedImageFormat.Png, SKAlphaType.Unpremul, (x, _) => x < width / 2 ? SKColors.Black : SKColors.Transparent);

    /// <summary>A grey picture in <paramref name="format"/>.</summary>
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format) =>
        Draw(width, height, format, SKAlphaType.Opaque, (_, _) => SKColors.Gray);

    /// <summary>The mean absolute difference of the colour channels of two same-sized pictures over columns [from, to).</summary>
    public static double MeanDistance(byte[] first, byte[] second, int from, int to) => Distances(first, second, from, to).Average();

    /// <summary>The largest absolute difference of the colour channels over columns [from, to).</summary>
    public static int MaxDistance(byte[] first, byte[] second, int from, int to) => Distances(first, second, from, to).Max();

    private static List<int> Distances(byte[] first, byte[] second, int from, int to)
    {
        using var a = SKBitmap.Decode(first);
        using var b = SKBitmap.Decode(second);
        var distances = new List<int>();
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = from; x < to; x++)
            {
                var (p, q) = (a.GetPixel(x, y), b.GetPixel(x, y));
                distances.AddRange([Math.Abs(p.Red - q.Red), Math.Abs(p.Green - q.Green), Math.Abs(p.Blue - q.Blue)]);
            }
        }
        return distances;
    }

    private static byte[] Draw(int width, int height, SKEncodedImageFormat format, SKAlphaType alpha, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, alpha));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++) bitmap.SetPixel(x, y, color(x, y));
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 100);
        return data.ToArray();
    }
}
