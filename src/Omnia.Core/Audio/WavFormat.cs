namespace Omnia.Audio;

/// <summary>The shape of a WAV file's audio: sample rate, channel count and sample encoding.</summary>
public readonly record struct WavFormat(int SampleRate, int Channels, WavSampleFormat SampleFormat)
{
    public int BytesPerSample => SampleFormat switch
    {
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        WavSampleFormat.Pcm32 or WavSampleFormat.IeeeFloat32 => 4,
        WavSampleFormat.IeeeFloat64 => 8,
        _ => 1,
    };

    /// <summary>Bytes in one frame (one sample for every channel).</summary>
    public int BlockAlign => BytesPerSample * Channels;
}
