using System.Buffers.Binary;
using System.Diagnostics;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary>Images for the media tests: text drawn by ffmpeg, and hand-made headers for the bad cases.</summary>
internal static class TestImages
{
    /// <summary>A white PNG with black text, drawn with ffmpeg's drawtext and Debian's DejaVu font.</summary>
    public static async Task<byte[]> TextPngAsync(string text, int width = 900, int height = 160)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-text-{Guid.NewGuid():N}.png");
        try
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[]
                     {
                         "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"color=c=white:s={width}x{height}",
                         "-vf", $"drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text='{text}':fontsize=56:fontcolor=black:x=30:y=50",
                         "-frames:v", "1", path,
                     })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException("ffmpeg drawtext failed: " + error);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A PNG whose header declares <paramref name="width"/> x <paramref name="height"/> but holds no pixels: an image bomb's header.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write(PngWriter.Signature);
        PngWriter.Chunk(png, "IHDR", PngWriter.RgbHeader(width, height));
        PngWriter.Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        PngWriter.Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A 2x2 24-bit BMP: a real image in a type the server does not take.</summary>
    public static byte[] Bmp()
    {
        var bmp = new byte[54 + 16];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 2);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 2);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), 16);
        return bmp;
    }

    public static string DataUrl(byte[] bytes, string mediaType) => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
}
