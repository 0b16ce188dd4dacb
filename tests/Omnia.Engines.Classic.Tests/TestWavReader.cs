using System.Buffers.Binary;

namespace Omnia.Engines.Classic.Tests;

/// <summary>Reads the 16-bit mono PCM WAV files flite writes; just enough for fixtures.</summary>
internal static class TestWavReader
{
    public static (short[] Samples, int SampleRate) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        var sampleRate = 0;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4));
            var body = bytes.AsSpan(position + 8, Math.Min(size, bytes.Length - position - 8));
            if (id == "fmt ")
            {
                Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(body));
                Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(body[2..]));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(body[14..]));
            }
            else if (id == "data")
            {
                var samples = new short[body.Length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]);
                }
                return (samples, sampleRate);
            }
            position += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path} has no data chunk.");
    }
}
