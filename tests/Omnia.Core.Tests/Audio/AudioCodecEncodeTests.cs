using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

[Collection("ffmpeg")]
public class AudioCodecEncodeTests
{
    private readonly AudioCodec _codec = new();

    [Theory]
    [InlineData(EncodedAudioFormat.Mp3, "mp3", 24000)]
    [InlineData(EncodedAudioFormat.Opus, "opus", 48000)]
    [InlineData(EncodedAudioFormat.Aac, "aac", 24000)]
    [InlineData(EncodedAudioFormat.Flac, "flac", 24000)]
    [InlineData(EncodedAudioFormat.Wav, "pcm_s16le", 24000)]
    public async Task A_streamed_tone_encodes_to_the_format_and_decodes_back(EncodedAudioFormat format, string codec, int probedRate)
    {
        var tone = new PcmAudio(Signals.Sine(440, 24000, 1.0), 24000);

        var encoded = await EncodeAsync(Ffmpeg.Chunks(tone, 480), format);

        var probe = Ffmpeg.Probe(encoded);
        Assert.Equal(codec, probe.Codec);
        Assert.Equal(probedRate, probe.SampleRate);
        Assert.InRange(probe.Duration, 0.95, 1.1);

        var decoded = await _codec.DecodeAsync(new MemoryStream(encoded), 16000);
        Assert.InRange(decoded.Duration.TotalSeconds, 0.95, 1.1);
        var middle = decoded.Samples.Span[3200..12800];
        Assert.InRange(Signals.ToneFrequency(middle, 16000), 435, 445);
        Assert.InRange(Signals.Rms(middle), 0.3, 0.4);
    }

    [Theory]
    [InlineData(EncodedAudioFormat.Mp3)]
    [InlineData(EncodedAudioFormat.Opus)]
    [InlineData(EncodedAudioFormat.Aac)]
    [InlineData(EncodedAudioFormat.Flac)]
    [InlineData(EncodedAudioFormat.Wav)]
    public async Task Encoded_audio_flows_out_before_the_input_ends(EncodedAudioFormat format)
    {
        // The source sends one second in 20 ms chunks and then waits until the first encoded bytes have come out,
        // so an encoder that holds everything back until the end would never finish.
        var firstBytes = new TaskCompletionSource();
        var received = 0L;

        await foreach (var bytes in _codec.EncodeStreamingAsync(OneSecondThen(firstBytes.Task), format))
        {
            received += bytes.Length;
            firstBytes.TrySetResult();
        }

        Assert.True(received > 0);
    }

    [Fact]
    public async Task Raw_pcm_is_16_bit_little_endian_at_the_requested_rate()
    {
        var tone = new PcmAudio(Signals.Sine(440, 22050, 1.0), 22050);

        var encoded = await EncodeAsync(Ffmpeg.Chunks(tone, 1000), EncodedAudioFormat.Pcm, sampleRate: 24000);

        Assert.Equal(24000 * 2, encoded.Length);
        var samples = new float[24000];
        PcmConverter.Pcm16BytesToFloat(encoded, samples);
        Assert.InRange(Signals.ToneFrequency(samples, 24000), 439.5, 440.5);
    }

    [Fact]
    public async Task Mp3_output_can_be_resampled_by_the_encoder()
    {
        var tone = new PcmAudio(Signals.Sine(440, 22050, 0.5), 22050);

        var encoded = await EncodeAsync(Ffmpeg.Chunks(tone, 2205), EncodedAudioFormat.Mp3, sampleRate: 16000);

        Assert.Equal(16000, Ffmpeg.Probe(encoded).SampleRate);
    }

    [Fact]
    public async Task Chunks_of_different_rates_are_refused_and_leave_no_process()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EncodeAsync(MixedRates(), EncodedAudioFormat.Mp3));

        Assert.Contains("16000 Hz", error.Message);
        Assert.Equal(0, Ffmpeg.ChildProcesses());
    }

    [Fact]
    public async Task Cancelling_an_encode_kills_ffmpeg()
    {
        using var cancellation = new CancellationTokenSource();
        var chunks = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var bytes in _codec.EncodeStreamingAsync(EndlessTone(cancellation.Token), EncodedAudioFormat.Mp3, cancellationToken: cancellation.Token))
            {
                if (++chunks == 1)
                {
                    Assert.Equal(1, Ffmpeg.ChildProcesses());
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(0, Ffmpeg.ChildProcesses());
    }

    [Fact]
    public async Task A_missing_ffmpeg_names_the_install_command()
    {
        var codec = new AudioCodec("/nonexistent/ffmpeg");
        var tone = new PcmAudio(Signals.Sine(440, 16000, 0.1), 16000);

        var error = await Assert.ThrowsAsync<FfmpegNotFoundException>(() => codec.EncodeAsync(Ffmpeg.Chunks(tone, 800), EncodedAudioFormat.Opus, Stream.Null));

        Assert.Contains("apt-get install ffmpeg", error.Message);

        // WAV and PCM need no ffmpeg.
        await codec.EncodeAsync(Ffmpeg.Chunks(tone, 800), EncodedAudioFormat.Wav, Stream.Null);
    }

    private async Task<byte[]> EncodeAsync(IAsyncEnumerable<PcmAudio> audio, EncodedAudioFormat format, int? sampleRate = null)
    {
        var output = new MemoryStream();
        await _codec.EncodeAsync(audio, format, output, sampleRate);
        return output.ToArray();
    }

    private static async IAsyncEnumerable<PcmAudio> OneSecondThen(Task waitFor)
    {
        var chunk = new PcmAudio(Signals.Sine(440, 24000, 0.02), 24000);
        for (var i = 0; i < 50; i++)
        {
            yield return chunk;
        }

        await waitFor.WaitAsync(TimeSpan.FromSeconds(30));
        yield return chunk;
    }

    private static async IAsyncEnumerable<PcmAudio> MixedRates()
    {
        yield return new PcmAudio(new float[1600], 16000);
        await Task.Yield();
        yield return new PcmAudio(new float[2400], 24000);
    }

    private static async IAsyncEnumerable<PcmAudio> EndlessTone([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new PcmAudio(Signals.Sine(440, 24000, 0.1), 24000);
        while (true)
        {
            yield return chunk;
            await Task.Delay(1, cancellationToken);
        }
    }
}
