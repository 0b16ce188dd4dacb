using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

/// <summary>WAV files written here read in ffmpeg, and ffmpeg's WAV files read here, for every sample format.</summary>
[Collection("ffmpeg")]
public class WavInteropTests
{
    [Theory]
    [InlineData(WavSampleFormat.Pcm8, "pcm_u8")]
    [InlineData(WavSampleFormat.Pcm16, "pcm_s16le")]
    [InlineData(WavSampleFormat.Pcm24, "pcm_s24le")]
    [InlineData(WavSampleFormat.Pcm32, "pcm_s32le")]
    [InlineData(WavSampleFormat.IeeeFloat32, "pcm_f32le")]
    [InlineData(WavSampleFormat.IeeeFloat64, "pcm_f64le")]
    [InlineData(WavSampleFormat.MuLaw, "pcm_mulaw")]
    [InlineData(WavSampleFormat.ALaw, "pcm_alaw")]
    public async Task Both_ways_agree_with_ffmpeg(WavSampleFormat sampleFormat, string ffmpegCodec)
    {
        var written = WavWriter.Encode(new PcmAudio(Signals.Sine(440, 11025, 0.5), 11025), sampleFormat);
        var probe = Ffmpeg.Probe(written);
        Assert.Equal(ffmpegCodec, probe.Codec);
        Assert.Equal(11025, probe.SampleRate);
        Assert.InRange(probe.Duration, 0.49, 0.51);

        // Six channels make ffmpeg write WAVE_FORMAT_EXTENSIBLE; its LIST chunk comes before the data.
        var generated = Ffmpeg.Generate($"-f lavfi -i sine=frequency=440:duration=0.5:sample_rate=11025 -ac 6 -c:a {ffmpegCodec}", "wav");
        var read = await WavReader.ReadAsync(new NonSeekableStream(new MemoryStream(generated)));
        Assert.Equal(sampleFormat, (await WavReader.OpenAsync(new MemoryStream(generated))).Format.SampleFormat);
        Assert.Equal(6, read.Channels);
        Assert.InRange(read.FrameCount, 5512, 5513);
        Assert.InRange(Signals.ToneFrequency(read.ToMono().Samples.Span, 11025), 438, 442);
    }
}
