using System.Text;
using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

[Collection("ffmpeg")]
public class AudioCodecDecodeTests
{
    private readonly AudioCodec _codec = new();

    [Theory]
    [InlineData("-c:a libmp3lame", "mp3")]
    [InlineData("-c:a libopus", "ogg")]
    [InlineData("-c:a libvorbis", "ogg")]
    [InlineData("-c:a flac", "flac")]
    [InlineData("-c:a aac", "aac")]
    [InlineData("-c:a libopus", "webm")]
    [InlineData("-c:a adpcm_ms", "wav")]
    public async Task Containers_decode_through_a_pipe_to_mono_at_the_requested_rate(string codec, string extension)
    {
        var encoded = Ffmpeg.Generate($"-f lavfi -i sine=frequency=1000:duration=2:sample_rate=44100 -ac 2 {codec}", extension);

        var audio = await _codec.DecodeAsync(new NonSeekableStream(new MemoryStream(encoded)), 16000);

        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(1, audio.Channels);
        Assert.InRange(audio.Duration.TotalSeconds, 1.95, 2.1);
        Assert.InRange(Signals.ToneFrequency(audio.Samples.Span[8000..24000], 16000), 995, 1005);
    }

    [Fact]
    public async Task An_m4a_with_its_index_at_the_end_is_spooled_and_decodes()
    {
        // 30 s is far more than ffmpeg's probe buffer, so reading it from a pipe alone would fail ("partial file").
        var m4a = Ffmpeg.Generate("-f lavfi -i sine=frequency=500:duration=30 -c:a aac -b:a 32k", "m4a");

        var audio = await _codec.DecodeAsync(new NonSeekableStream(new MemoryStream(m4a)), 8000);

        Assert.InRange(audio.Duration.TotalSeconds, 29.9, 30.1);
        Assert.InRange(Signals.ToneFrequency(audio.Samples.Span[8000..16000], 8000), 495, 505);
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), "omnia-audio-*"));
    }

    [Fact]
    public async Task Wav_decodes_in_process_with_downmix_and_resampling_and_streams_in_chunks()
    {
        var stereo = new float[44100 * 2];
        PcmConverter.MonoToInterleaved(Signals.Sine(440, 44100, 1.0), 2, stereo);
        var wav = WavWriter.Encode(new PcmAudio(stereo, 44100, 2), WavSampleFormat.Pcm24);

        var chunks = new List<PcmAudio>();
        await foreach (var chunk in new AudioCodec("/nonexistent/ffmpeg").DecodeStreamingAsync(new MemoryStream(wav), 16000))
        {
            chunks.Add(chunk);
        }

        Assert.True(chunks.Count > 5);
        Assert.Equal(16000, chunks.Sum(chunk => chunk.FrameCount));
        var samples = chunks.SelectMany(chunk => chunk.Samples.ToArray()).ToArray();
        Assert.InRange(Signals.ToneFrequency(samples, 16000), 439.5, 440.5);
    }

    [Fact]
    public async Task Wav_at_an_odd_rate_is_resampled_by_ffmpeg()
    {
        var wav = WavWriter.Encode(new PcmAudio(Signals.Sine(440, 44056, 1.0), 44056));

        var audio = await _codec.DecodeAsync(new NonSeekableStream(new MemoryStream(wav)), 16000);

        Assert.InRange(audio.FrameCount, 15990, 16010);
        Assert.InRange(Signals.ToneFrequency(audio.Samples.Span, 16000), 439.5, 440.5);
    }

    [Theory]
    [InlineData("random", null)]
    [InlineData("ID3\u0004\0\0\0\0\0\0", "mp3")]
    [InlineData("OggS\0\u0002\0\0", "ogg")]
    [InlineData("fLaC\0\0\0\u0022", "flac")]
    public async Task Corrupt_bytes_raise_invalid_audio_naming_the_detected_format(string header, string? format)
    {
        var random = new Random(42);
        var junk = new byte[20000];
        random.NextBytes(junk);
        var bytes = header == "random" ? junk : Encoding.Latin1.GetBytes(header).Concat(junk).ToArray();

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => _codec.DecodeAsync(new MemoryStream(bytes), 16000));

        Assert.Equal(format, error.DetectedFormat);
        Assert.Contains(format ?? "unknown", error.Message);
        Assert.Contains("could not be decoded", error.Message);
        Assert.Equal(0, Ffmpeg.ChildProcesses());
    }

    [Fact]
    public async Task A_playlist_cannot_make_ffmpeg_read_other_files()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"omnia-test-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(secret, WavWriter.Encode(new PcmAudio(Signals.Sine(440, 16000, 1), 16000)));
        try
        {
            var playlist = Encoding.ASCII.GetBytes($"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:1.0,\nfile://{secret}\n#EXT-X-ENDLIST\n");

            var error = await Assert.ThrowsAsync<InvalidAudioException>(() => _codec.DecodeAsync(new MemoryStream(playlist), 16000));

            Assert.Contains("not on whitelist", error.Message);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task Empty_input_and_video_without_audio_are_explained()
    {
        var empty = await Assert.ThrowsAsync<InvalidAudioException>(() => _codec.DecodeAsync(new MemoryStream(), 16000));
        Assert.Contains("empty", empty.Message);

        var video = Ffmpeg.Generate("-f lavfi -i color=size=32x32:duration=1 -c:v libvpx", "webm");
        var silent = await Assert.ThrowsAsync<InvalidAudioException>(() => _codec.DecodeAsync(new MemoryStream(video), 16000));
        Assert.Contains("no audio stream", silent.Message);
        Assert.Equal("webm", silent.DetectedFormat);
    }

    [Theory]
    [InlineData("mp3")]
    [InlineData("wav")]
    [InlineData("m4a")]
    public async Task Inputs_past_the_byte_limit_raise_too_large(string extension)
    {
        var encoded = Ffmpeg.Generate("-f lavfi -i sine=frequency=440:duration=10", extension);
        var limits = new AudioLimits { MaxInputBytes = encoded.Length / 3 };

        await Assert.ThrowsAsync<AudioTooLargeException>(() => _codec.DecodeAsync(new NonSeekableStream(new MemoryStream(encoded)), 16000, limits: limits));

        Assert.Equal(0, Ffmpeg.ChildProcesses());
        var allowed = await _codec.DecodeAsync(new MemoryStream(encoded), 16000, limits: limits with { MaxInputBytes = encoded.Length });
        Assert.InRange(allowed.Duration.TotalSeconds, 9.9, 10.1);
    }

    [Theory]
    [InlineData("mp3")]
    [InlineData("wav")]
    public async Task Audio_past_the_duration_limit_raises_too_large(string extension)
    {
        var encoded = Ffmpeg.Generate("-f lavfi -i sine=frequency=440:duration=5", extension);
        var limits = new AudioLimits { MaxDuration = TimeSpan.FromSeconds(2) };

        var error = await Assert.ThrowsAsync<AudioTooLargeException>(() => _codec.DecodeAsync(new MemoryStream(encoded), 16000, limits: limits));

        Assert.Contains("2 seconds", error.Message);
        Assert.Equal(0, Ffmpeg.ChildProcesses());
    }

    [Fact]
    public async Task Cancelling_a_decode_of_a_stalled_upload_kills_ffmpeg()
    {
        var mp3 = Ffmpeg.Generate("-f lavfi -i sine=frequency=440:duration=10", "mp3");
        using var cancellation = new CancellationTokenSource();
        var upload = new StallingStream(mp3.AsMemory(0, mp3.Length / 2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in _codec.DecodeStreamingAsync(upload, 16000, cancellationToken: cancellation.Token))
            {
                Assert.Equal(1, Ffmpeg.ChildProcesses());
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(0, Ffmpeg.ChildProcesses());
    }

    [Fact]
    public async Task Leaving_a_decode_early_kills_ffmpeg()
    {
        var mp3 = Ffmpeg.Generate("-f lavfi -i sine=frequency=440:duration=60", "mp3");

        await foreach (var chunk in _codec.DecodeStreamingAsync(new MemoryStream(mp3), 16000))
        {
            Assert.Equal(1, Ffmpeg.ChildProcesses());
            break;
        }

        Assert.Equal(0, Ffmpeg.ChildProcesses());
    }

    /// <summary>A fault-injecting upload that delivers some bytes and then stalls until cancelled, like a client gone quiet.</summary>
    private sealed class StallingStream(ReadOnlyMemory<byte> bytes) : Stream
    {
        private ReadOnlyMemory<byte> _remaining = bytes;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_remaining.IsEmpty)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var count = Math.Min(buffer.Length, _remaining.Length);
            _remaining[..count].CopyTo(buffer);
            _remaining = _remaining[count..];
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
