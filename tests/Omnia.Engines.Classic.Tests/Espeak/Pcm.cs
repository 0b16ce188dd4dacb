using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace Omnia.Engines.Classic.Tests.Espeak;

/// <summary>Reads the 16-bit PCM out of speech responses and measures it.</summary>
internal static class Pcm
{
    public static short[] Samples(DataContent content) => MemoryMarshal.Cast<byte, short>(content.Data.Span).ToArray();

    public static short[] Samples(IEnumerable<AIContent> contents) =>
        contents.OfType<DataContent>().SelectMany(Samples).ToArray();

    public static double Seconds(short[] samples, int sampleRate = 22050) => samples.Length / (double)sampleRate;

    public static double Rms(short[] samples) =>
        samples.Length == 0 ? 0 : Math.Sqrt(samples.Average(s => (double)s * s));
}
