using System.Buffers.Binary;
using System.IO.Compression;
using Omnia.Tests;

namespace Omnia.Bench.Fuzz;

/// <summary>Audio and image files, well-formed or lying in their headers, built byte by byte for the corpora.</summary>
public static class MediaBytes
{
    /// <summary>A PCM WAV whose header declares <paramref name="sampleRate"/> and friends over <paramref name="dataBytes"/> of samples.</summary>
    /// <param name="declaredDataBytes">The data chunk's size field; by default the true size.</param>
    public static byte[] Wav(int sampleRate, int dataBytes, short channels = 1, short bitsPerSample = 16, uint? declaredDataBytes = null,
        Random? noise = null, short format = 1, int? fmtChunkBytes = null)
    {
        var fmtBytes = fmtChunkBytes ?? 16;
        var file = new byte[12 + 8 + 16 + 8 + dataBytes];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        "WAVEfmt "u8.CopyTo(file.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(16), fmtBytes);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(20), format);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(22), channels);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24), sampleRate);
        var blockAlign = (short)(channels * bitsPerSample / 8);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(28), unchecked(sampleRate * blockAlign));
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(32), blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(34), bitsPerSample);
        "data"u8.CopyTo(file.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(40), declaredDataBytes ?? (uint)dataBytes);
        noise?.NextBytes(file.AsSpan(44));
        return file;
    }

    /// <summary>A short real tone (16 kHz mono 16-bit), the valid case the mutations start from.</summary>
    public static byte[] ToneWav(double seconds = 0.5, int sampleRate = 16000)
    {
        var samples = (int)(seconds * sampleRate);
        var file = Wav(sampleRate, samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / sampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(44 + (2 * i)), value);
        }

        return file;
    }

    /// <summary>A PNG with a valid IHDR for <paramref name="width"/>×<paramref name="height"/> and <paramref name="idat"/> as its only data chunk.</summary>
    public static byte[] Png(int width, int height, byte[] idat)
    {
        using var file = new MemoryStream();
        file.Write(PngWriter.Signature);
        PngWriter.Chunk(file, "IHDR", PngWriter.RgbHeader(width, height));
        PngWriter.Chunk(file, "IDAT", idat);
        PngWriter.Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A real black RGB PNG (every scanline filter 0), compressed: an 8192×8192 one is ~200 KB and decodes to 192 MB.</summary>
    public static byte[] BlackPng(int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + (3 * width)];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        return Png(width, height, compressed.ToArray());
    }

    /// <summary>A baseline JPEG start: SOI, a SOF0 declaring the size, then end of image with no scan.</summary>
    public static byte[] JpegHeader(ushort width, ushort height)
    {
        var file = new byte[] { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9 };
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(7), height);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(9), width);
        return file;
    }

    /// <summary>A GIF89a whose logical screen is <paramref name="width"/>×<paramref name="height"/> and which ends there.</summary>
    public static byte[] GifHeader(ushort width, ushort height)
    {
        var file = new byte[14];
        "GIF89a"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(6), width);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), height);
        file[13] = 0x3B; // trailer
        return file;
    }

    /// <summary>A WebP (VP8X) whose canvas is <paramref name="width"/>×<paramref name="height"/> (24-bit fields) with no image data.</summary>
    public static byte[] WebpHeader(int width, int height)
    {
        var file = new byte[30];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 22);
        "WEBPVP8X"u8.CopyTo(file.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), 10);
        WriteUInt24(file.AsSpan(24), width - 1);
        WriteUInt24(file.AsSpan(27), height - 1);
        return file;
    }

    public static string DataUrl(string mime, byte[] bytes) => $"data:{mime};base64,{Convert.ToBase64String(bytes)}";

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
