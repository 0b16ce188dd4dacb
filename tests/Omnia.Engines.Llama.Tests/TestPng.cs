using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

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
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", Header(width, height));
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
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", Header(width, height));
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Header(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        return header;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        png.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
