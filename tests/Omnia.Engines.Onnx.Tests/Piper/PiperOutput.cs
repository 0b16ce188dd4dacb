using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Tests;

namespace Omnia.Engines.Onnx.Tests.Piper;

/// <summary>Reads back what <see cref="PiperTestVoice"/>'s model was given from the PCM the engine returned.</summary>
internal sealed record PiperOutput(float[] Scales, long? Speaker, long[] Ids, int ToneSamples, int TrailingSilence)
{
    public static short[] Samples(AIContent content)
    {
        var data = Assert.IsType<DataContent>(content);
        Assert.True(PcmMediaType.TryParse(data.MediaType, out var rate, out var channels), data.MediaType);
        Assert.Equal((PiperTestVoice.SampleRate, 1), (rate, channels));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(data.Data.Span).ToArray();
    }

    /// <summary>Splits one sentence's audio into its parts, given how many phoneme ids the model was sent.</summary>
    public static PiperOutput Read(short[] samples, int idCount, bool multiSpeaker)
    {
        float Value(int i) => samples[i] / (float)short.MaxValue;
        var scales = Enumerable.Range(0, 3).Select(i => Value(i) * 10).ToArray();
        var offset = 3;
        long? speaker = multiSpeaker ? (long)Math.Round(Value(offset++) * 1000) : null;
        var ids = Enumerable.Range(offset, idCount).Select(i => (long)Math.Round(Value(i) * 1000)).ToArray();
        var rest = samples.AsSpan(offset + idCount);
        var silence = rest.Length - rest.TrimEnd((short)0).Length;
        return new PiperOutput(scales, speaker, ids, rest.Length - silence, silence);
    }
}
