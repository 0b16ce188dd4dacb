using System.IO.Compression;
using Omnia.Tests;

namespace Omnia.Engines.Llama.Tests;

/// <summary>Writes small RGB PNGs (and broken ones) for the image tests.</summary>
internal static class TestPng
{
    public static byte[] Solid(int width, int height, byte r, byte g, byte b) => Encode(width, height, (_, _) => (r, g, b));

    /// <summary>A pattern that differs from any solid colour in every patch.</summary>
    public static byte[] Checkered(int width, int height) =>
        Encode(width, height, (x, y) => ((x / 4 + y / 4) % 2 == 0 ? ((byte)255, (byte)255, (byte)0) : ((byte)0, (byte)64, (byte)200)));

    /// <summary>A valid PNG signature and header declaring <paramref name="width"/>×<paramref name="height"/>, and no pixels.</summary>
    public static byte[] HeaderOnly(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write(PngWriter.Signature);
        PngWriter.Chunk(png, "IHDR", PngWriter.RgbHeader(width, height));
        return png.ToArray();
    }

    private static byte[] Encode(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var raw = new byte[height * (1 + width * 3)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 3); // each row starts with filter type 0
            for (var x = 0; x < width; x++)
                (raw[row + 1 + x * 3], raw[row + 2 + x * 3], raw[row + 3 + x * 3]) = pixel(x, y);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(raw);
        using var png = new MemoryStream();
        png.Write(PngWriter.Signature);
        PngWriter.Chunk(png, "IHDR", PngWriter.RgbHeader(width, height));
        PngWriter.Chunk(png, "IDAT", compressed.ToArray());
        PngWriter.Chunk(png, "IEND", []);
        return png.ToArray();
    }
}
