namespace Omnia.Audio;

/// <summary>How one sample is stored in a WAV file's data chunk.</summary>
public enum WavSampleFormat
{
    /// <summary>8-bit unsigned integer PCM (silence is 128).</summary>
    Pcm8,

    /// <summary>16-bit signed little-endian integer PCM.</summary>
    Pcm16,

    /// <summary>24-bit signed little-endian integer PCM.</summary>
    Pcm24,

    /// <summary>32-bit signed little-endian integer PCM.</summary>
    Pcm32,

    /// <summary>32-bit IEEE float.</summary>
    IeeeFloat32,

    /// <summary>64-bit IEEE float.</summary>
    IeeeFloat64,

    /// <summary>8-bit G.711 μ-law.</summary>
    MuLaw,

    /// <summary>8-bit G.711 A-law.</summary>
    ALaw,
}
