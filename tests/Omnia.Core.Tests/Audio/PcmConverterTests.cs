using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

public class PcmConverterTests
{
    [Fact]
    public void Every_16_bit_value_survives_a_round_trip_through_float()
    {
        var all = new short[65536];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = (short)(i + short.MinValue);
        }

        var floats = new float[all.Length];
        var back = new short[all.Length];
        PcmConverter.Pcm16ToFloat(all, floats);
        PcmConverter.FloatToPcm16(floats, back);

        Assert.Equal(all, back);
        Assert.Equal(-1f, floats[0]);
        Assert.True(floats[^1] < 1f);
    }

    [Fact]
    public void Float_to_pcm16_clamps_out_of_range_values_and_silences_nan()
    {
        var pcm = new short[4];
        PcmConverter.FloatToPcm16([1.5f, -2f, float.NaN, 0.5f], pcm);

        Assert.Equal(new short[] { short.MaxValue, short.MinValue, 0, 16384 }, pcm);
    }

    [Fact]
    public void Little_endian_bytes_convert_both_ways()
    {
        var floats = new float[] { -1f, 0.25f, 0f };
        var bytes = new byte[6];
        PcmConverter.FloatToPcm16Bytes(floats, bytes);
        Assert.Equal(new byte[] { 0x00, 0x80, 0x00, 0x20, 0x00, 0x00 }, bytes);

        var back = new float[3];
        PcmConverter.Pcm16BytesToFloat(bytes, back);
        Assert.Equal(floats, back);
    }

    [Fact]
    public void Downmix_averages_each_frame_and_mono_to_interleaved_duplicates()
    {
        var mono = new float[2];
        PcmConverter.DownmixToMono([1f, 0f, 0.5f, -0.5f], 2, mono);
        Assert.Equal(new[] { 0.5f, 0f }, mono);

        var stereo = new float[4];
        PcmConverter.MonoToInterleaved([0.25f, -1f], 2, stereo);
        Assert.Equal(new[] { 0.25f, 0.25f, -1f, -1f }, stereo);
    }

    [Fact]
    public void Too_small_destinations_and_partial_frames_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PcmConverter.Pcm16ToFloat(new short[4], new float[3]));
        Assert.Throws<ArgumentException>(() => PcmConverter.Pcm16BytesToFloat(new byte[3], new float[2]));
        Assert.Throws<ArgumentException>(() => PcmConverter.DownmixToMono(new float[5], 2, new float[3]));
    }
}
