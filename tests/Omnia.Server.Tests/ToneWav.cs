namespace Omnia.Server.Tests;

/// <summary>A short 440 Hz tone as 16 kHz mono 16-bit WAV: audio every decoder reads and every recognizer finishes fast.</summary>
internal static class ToneWav
{
    public static byte[] Create(double seconds = 0.3)
    {
        const int rate = 16000;
        var samples = (int)(rate * seconds);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + samples * 2);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
            writer.Write((short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate)));
        writer.Flush();
        return stream.ToArray();
    }
}
