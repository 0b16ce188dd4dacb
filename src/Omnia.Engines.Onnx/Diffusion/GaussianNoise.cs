namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>
/// Unit Gaussian noise from a seed (Box–Muller over SplitMix64), so the same seed gives the same latents on every
/// machine and .NET version — <see cref="Random"/>'s seeded sequence is not promised to stay the same.
/// </summary>
internal sealed class GaussianNoise(long seed)
{
    private ulong state = unchecked((ulong)seed);

    public void Fill(Span<float> values)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
            var u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
            var radius = Math.Sqrt(-2 * Math.Log(1 - u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length) values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
    }

    private ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
