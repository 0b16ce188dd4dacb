namespace Omnia.Gguf;

/// <summary>SplitMix64: a tiny, fast generator whose output depends only on its seed, on every .NET version.</summary>
internal struct SplitMixRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>Combines a seed with coordinates into a well-mixed seed for one stream.</summary>
    public static ulong Derive(ulong seed, long a, long b)
    {
        var mixer = new SplitMixRandom(seed ^ ((ulong)a * 0x9E3779B97F4A7C15UL) ^ ((ulong)b * 0xC2B2AE3D27D4EB4FUL));
        return mixer.NextUInt64();
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [-1, 1).</summary>
    public float NextSigned() => ((NextUInt64() >> 40) * (1f / (1 << 23))) - 1f;
}
