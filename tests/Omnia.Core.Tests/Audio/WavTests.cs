using System.Buffers.Binary;
using System.Text;
using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

public class WavTests
{
    public static TheoryData<WavSampleFormat, int> FormatsAndChannels()
    {
        var data = new TheoryData<WavSampleFormat, int>();
        foreach (var format in Enum.GetValues<WavSampleFormat>())
        {
            data.Add(format, 1);
            data.Add(format, 2);
            data.Add(format, 6);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndChannels))]
    public async Task Every_sample_format_round_trips_through_bytes(WavSampleFormat sampleFormat, int channels)
    {
        var original = RandomAudio(sampleRate: 22050, channels, frames: 1001, seed: channels);
        var bytes = WavWriter.Encode(original, sampleFormat);

        var decoded = await WavReader.ReadAsync(new MemoryStream(bytes));

        Assert.Equal(22050, decoded.SampleRate);
        Assert.Equal(channels, decoded.Channels);
        Assert.Equal(original.FrameCount, decoded.FrameCount);
        var tolerance = sampleFormat switch
        {
            WavSampleFormat.Pcm8 => 1 / 256f,
            WavSampleFormat.Pcm16 => 1 / 65536f,
            WavSampleFormat.Pcm24 => 1 / 16777216f,
            WavSampleFormat.MuLaw or WavSampleFormat.ALaw => 0.02f,
            _ => 1e-7f,
        };
        var a = original.Samples.Span;
        var b = decoded.Samples.Span;
        for (var i = 0; i < a.Length; i++)
        {
            Assert.InRange(b[i] - a[i], -tolerance, tolerance);
        }
    }

    [Fact]
    public async Task Samples_on_the_16_and_24_bit_grids_are_exact()
    {
        var samples = new[] { -1f, -0.5f, 0f, 1234 / 32768f, 32767 / 32768f };
        foreach (var format in new[] { WavSampleFormat.Pcm16, WavSampleFormat.Pcm24, WavSampleFormat.Pcm32, WavSampleFormat.IeeeFloat64 })
        {
            var decoded = await WavReader.ReadAsync(new MemoryStream(WavWriter.Encode(new PcmAudio(samples, 8000), format)));
            Assert.Equal(samples, decoded.Samples.ToArray());
        }
    }

    [Fact]
    public async Task Streaming_writer_on_a_seekable_stream_patches_the_sizes()
    {
        var stream = new MemoryStream();
        await using (var writer = new WavWriter(stream, new WavFormat(16000, 1, WavSampleFormat.Pcm16), leaveOpen: true))
        {
            await writer.WriteAsync(Signals.Sine(440, 16000, 0.1));
            await writer.WriteAsync(Signals.Sine(440, 16000, 0.1));
        }

        var bytes = stream.ToArray();
        Assert.Equal((uint)bytes.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        stream.Position = 0;
        await using var reader = await WavReader.OpenAsync(stream);
        Assert.Equal(3200, reader.FrameCount);
    }

    [Fact]
    public async Task Streaming_writer_on_a_pipe_leaves_sizes_open_and_the_reader_reads_to_the_end()
    {
        var pipe = new NonSeekableStream(new MemoryStream());
        await using (var writer = new WavWriter(pipe, new WavFormat(24000, 1, WavSampleFormat.Pcm16), leaveOpen: true))
        {
            await writer.WriteAsync(Signals.Sine(440, 24000, 0.5));
        }

        var bytes = pipe.Inner.ToArray();
        Assert.Equal(0xFFFFFFFF, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));

        await using var reader = await WavReader.OpenAsync(new NonSeekableStream(new MemoryStream(bytes)));
        Assert.Null(reader.FrameCount);
        var audio = await reader.ReadToEndAsync();
        Assert.Equal(12000, audio.FrameCount);
    }

    [Fact]
    public async Task Extra_chunks_odd_padding_and_extensible_format_are_read()
    {
        // LIST with an odd size (padded), fact, then an EXTENSIBLE fmt for 16-bit stereo, then data, then a trailer.
        var samples = new short[] { 100, -100, 200, -200, 300, -300 };
        var wav = new List<byte>();
        wav.AddRange(Ascii("RIFF"));
        wav.AddRange(new byte[4]);
        wav.AddRange(Ascii("WAVE"));
        AddChunk(wav, "LIST", Ascii("INFOISFT\u0003\0\0\0ab\0"));
        AddChunk(wav, "fact", BitConverter.GetBytes(3));
        var fmt = new byte[40];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 44100);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), 44100 * 4);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 4);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), 16);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), 3);
        new byte[] { 1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71 }.CopyTo(fmt, 24);
        AddChunk(wav, "fmt ", fmt);
        AddChunk(wav, "data", samples.SelectMany(s => BitConverter.GetBytes(s)).ToArray());
        AddChunk(wav, "LIST", Ascii("INFO"));

        var audio = await WavReader.ReadAsync(new NonSeekableStream(new MemoryStream(wav.ToArray())));

        Assert.Equal(44100, audio.SampleRate);
        Assert.Equal(2, audio.Channels);
        Assert.Equal(samples.Select(s => s / 32768f), audio.Samples.ToArray());
    }

    [Fact]
    public async Task Rf64_takes_the_data_size_from_its_ds64_chunk()
    {
        var wav = WavWriter.Encode(new PcmAudio(Signals.Sine(440, 8000, 0.1), 8000), WavSampleFormat.Pcm16);
        var ds64 = new byte[8 + 28];
        Encoding.ASCII.GetBytes("ds64").CopyTo(ds64, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(ds64.AsSpan(4), 28);
        BinaryPrimitives.WriteInt64LittleEndian(ds64.AsSpan(16), 1000);
        var rf64 = Ascii("RF64").Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }).Concat(Ascii("WAVE")).Concat(ds64).Concat(wav[12..]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(rf64.AsSpan(rf64.Length - 1600 - 4), 0xFFFFFFFF);

        await using var reader = await WavReader.OpenAsync(new MemoryStream(rf64));

        Assert.Equal(500, reader.FrameCount);
        Assert.Equal(500, (await reader.ReadToEndAsync()).FrameCount);
    }

    [Fact]
    public async Task A_data_chunk_cut_short_yields_the_whole_frames_present()
    {
        var bytes = WavWriter.Encode(new PcmAudio(Signals.Sine(440, 8000, 0.1), 8000), WavSampleFormat.Pcm24);
        var cut = bytes.AsSpan(0, bytes.Length - 301).ToArray();

        var audio = await WavReader.ReadAsync(new MemoryStream(cut));

        Assert.Equal(800 - 101, audio.FrameCount);
    }

    [Fact]
    public async Task Frames_are_read_in_chunks_of_the_requested_size()
    {
        var original = RandomAudio(16000, 2, 1000, seed: 7);
        await using var reader = await WavReader.OpenAsync(new MemoryStream(WavWriter.Encode(original, WavSampleFormat.IeeeFloat32)));
        var chunk = new float[2 * 300];
        var frames = new List<int>();
        int read;
        while ((read = await reader.ReadFramesAsync(chunk)) > 0)
        {
            frames.Add(read);
        }

        Assert.Equal(new[] { 300, 300, 300, 100 }, frames);
    }

    [Theory]
    [InlineData(0, "empty")]
    [InlineData(7, "Truncated WAV")]
    [InlineData(20, "Truncated WAV")]
    [InlineData(30, "'fmt ' chunk declares 16 bytes")]
    [InlineData(40, "before the 'data' chunk")]
    public async Task Truncated_headers_raise_invalid_audio_naming_the_problem(int length, string expected)
    {
        var bytes = WavWriter.Encode(new PcmAudio(new float[100], 16000), WavSampleFormat.Pcm16).AsSpan(0, length).ToArray();

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => WavReader.ReadAsync(new MemoryStream(bytes)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Other_containers_are_named_in_the_error()
    {
        var mp3 = Ascii("ID3\u0004\0\0\0\0\0\0some mp3 frames follow");

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => WavReader.ReadAsync(new MemoryStream(mp3)));

        Assert.Equal("mp3", error.DetectedFormat);
        Assert.Contains("mp3", error.Message);
    }

    [Theory]
    [InlineData(20, 0x55, "MPEG layer 3")]
    [InlineData(22, 0, "0 channels")]
    [InlineData(34, 12, "12 bits per sample")]
    [InlineData(32, 3, "block align is 3")]
    public async Task Corrupt_or_unsupported_fmt_fields_are_named(int offset, int value, string expected)
    {
        var bytes = WavWriter.Encode(new PcmAudio(new float[100], 16000), WavSampleFormat.Pcm16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)value);

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => WavReader.ReadAsync(new MemoryStream(bytes)));

        Assert.Contains(expected, error.Message);
        Assert.Equal("wav", error.DetectedFormat);
    }

    private static PcmAudio RandomAudio(int sampleRate, int channels, int frames, int seed)
    {
        var random = new Random(seed);
        var samples = new float[frames * channels];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((random.NextDouble() * 1.98) - 0.99);
        }

        return new PcmAudio(samples, sampleRate, channels);
    }

    private static void AddChunk(List<byte> wav, string id, byte[] body)
    {
        wav.AddRange(Ascii(id));
        wav.AddRange(BitConverter.GetBytes(body.Length));
        wav.AddRange(body);
        if (body.Length % 2 == 1)
        {
            wav.Add(0);
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
