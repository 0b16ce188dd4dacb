using System.Buffers.Binary;
using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

/// <summary>Issue #10: every audio decoder is bounded by what it will produce (rate, duration, filter size), not by
/// the bytes it reads, and stops when its caller goes away.</summary>
[Collection("ffmpeg")]
public class AudioDecodeBoundsTests
{
    private readonly AudioCodec _codec = new();

    [Fact]
    public async Task A_40_KB_wav_declaring_2_GHz_is_refused_before_any_filter_is_built()
    {
        var wav = WavWriter.Encode(new PcmAudio(new float[20_000], 2_048_000_000), WavSampleFormat.Pcm16);

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => _codec.DecodeAsync(new MemoryStream(wav), 16000));

        Assert.Contains("2048000000 Hz", error.Message);
    }

    [Fact]
    public async Task A_57_KB_wav_declaring_16_Hz_is_refused_rather_than_decoded_to_an_hour()
    {
        var wav = WavWriter.Encode(new PcmAudio(new float[57_000], 16), WavSampleFormat.Pcm8);

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => _codec.DecodeAsync(new MemoryStream(wav), 16000));

        Assert.Contains("16 Hz", error.Message);
    }

    [Fact]
    public async Task A_rate_out_of_range_is_refused_on_the_ffmpeg_path_too()
    {
        // A LIST chunk before 'fmt ' sends the WAV to ffmpeg, which reports the declared rate before converting.
        var wav = WithChunkBeforeFormat(WavWriter.Encode(new PcmAudio(new float[20_000], 2_048_000_000), WavSampleFormat.Pcm16));

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => _codec.DecodeAsync(new MemoryStream(wav), 16000));

        Assert.Contains("2048000000 Hz", error.Message);
    }

    [Fact]
    public async Task A_wav_header_declaring_more_than_the_duration_limit_is_refused_before_decoding()
    {
        // One second of samples behind a header that declares two hours.
        var wav = WavWriter.Encode(new PcmAudio(new float[8000], 8000), WavSampleFormat.Pcm16);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), 2 * 3600 * 8000 * 2);
        var chunks = 0;

        await Assert.ThrowsAsync<AudioTooLargeException>(async () =>
        {
            await foreach (var _ in _codec.DecodeStreamingAsync(new MemoryStream(wav), 16000, limits: AudioLimits.Default))
            {
                chunks++;
            }
        });

        Assert.Equal(0, chunks);
    }

    [Fact]
    public async Task A_flac_declaring_more_than_the_duration_limit_gets_its_413_before_any_audio_is_decoded()
    {
        var flac = Ffmpeg.Generate("-f lavfi -i anullsrc=r=8000:cl=mono -t 1200 -c:a flac", "flac");
        var limits = new AudioLimits { MaxDuration = TimeSpan.FromMinutes(5) };
        var chunks = 0;

        var error = await Assert.ThrowsAsync<AudioTooLargeException>(async () =>
        {
            await foreach (var _ in _codec.DecodeStreamingAsync(new NonSeekableStream(new MemoryStream(flac)), 16000, limits: limits))
            {
                chunks++;
            }
        });

        Assert.Equal(0, chunks);
        Assert.Contains("1200 seconds", error.Message);
    }

    [Fact]
    public async Task Decoding_a_whole_input_never_holds_more_than_the_duration_limit()
    {
        // An open-ended data chunk (as streaming writers leave it) declares no length: the limit stops it as it decodes.
        var wav = WavWriter.Encode(new PcmAudio(new float[16000 * 30], 16000), WavSampleFormat.Pcm16);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), 0xFFFFFFFF);
        var limits = new AudioLimits { MaxDuration = TimeSpan.FromSeconds(10) };

        await Assert.ThrowsAsync<AudioTooLargeException>(() => _codec.DecodeAsync(new MemoryStream(wav), 16000, limits: limits));
        var withinLimit = await _codec.DecodeAsync(new MemoryStream(wav), 16000, limits: limits with { MaxDuration = TimeSpan.FromSeconds(30) });

        Assert.Equal(16000 * 30, withinLimit.Samples.Length);
    }

    [Fact]
    public async Task Wav_decoding_and_resampling_stop_when_cancelled_even_if_the_input_ignores_the_token()
    {
        var wav = WavWriter.Encode(new PcmAudio(new float[44100 * 2 * 60], 44100, 2), WavSampleFormat.Pcm16);
        using var cancellation = new CancellationTokenSource();
        var chunks = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _codec.DecodeStreamingAsync(new TokenIgnoringStream(wav), 16000, cancellationToken: cancellation.Token))
            {
                chunks++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, chunks);
    }

    [Fact]
    public void The_resampler_refuses_a_filter_larger_than_its_bound_and_keeps_every_usual_pair()
    {
        Assert.False(Resampler.CanConvert(2_048_000_000, 16000));
        var error = Assert.Throws<ArgumentException>(() => new Resampler(2_048_000_000, 16000));
        Assert.Contains("coefficients", error.Message);

        foreach (var (input, output) in new[] { (44100, 16000), (11025, 16000), (384000, 16000), (1000, 48000), (8000, 24000), (192000, 16000) })
        {
            Assert.True(Resampler.CanConvert(input, output), $"{input} → {output}");
        }
    }

    private static byte[] WithChunkBeforeFormat(byte[] wav)
    {
        byte[] list = [(byte)'L', (byte)'I', (byte)'S', (byte)'T', 4, 0, 0, 0, (byte)'I', (byte)'N', (byte)'F', (byte)'O'];
        var result = new byte[wav.Length + list.Length];
        wav.AsSpan(0, 12).CopyTo(result);
        list.CopyTo(result.AsSpan(12));
        wav.AsSpan(12).CopyTo(result.AsSpan(12 + list.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return result;
    }
}
