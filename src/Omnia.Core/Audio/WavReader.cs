using System.Buffers.Binary;
using System.Text;

namespace Omnia.Audio;

/// <summary>Reads a WAV (RIFF/WAVE or RF64) stream frame by frame, without loading the whole file.</summary>
/// <remarks>
/// Accepts integer PCM (8/16/24/32-bit), IEEE float (32/64-bit) and G.711 A-law/μ-law, plain or
/// WAVE_FORMAT_EXTENSIBLE, any sample rate and channel count. Unknown chunks (LIST, fact, …) are skipped
/// honouring the pad byte after odd-sized chunks. A data chunk whose size is left open (0xFFFFFFFF, as streaming
/// writers do) is read to the end of the stream; a data chunk cut short yields the frames that are present.
/// Corrupt or unsupported headers raise <see cref="InvalidAudioException"/>. Not thread-safe.
/// </remarks>
public sealed class WavReader : IAsyncDisposable, IDisposable
{
    private const int MaxFormatChunkBytes = 1024;
    private const int ReadBufferBytes = 64 * 1024;
    private const uint OpenEndedSize = 0xFFFFFFFF;

    // Far beyond any stream, yet safe to add a buffer length to.
    private const long OpenEndedRemaining = long.MaxValue / 2;

    // The GUID tail shared by every KSDATAFORMAT_SUBTYPE_* (the first four bytes carry the format tag).
    private static readonly byte[] SubFormatGuidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _dataRemaining;
    private byte[] _buffer = [];
    private int _pendingBytes;

    private WavReader(Stream stream, bool leaveOpen, WavFormat format, long? dataBytes)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Format = format;
        _dataRemaining = dataBytes ?? OpenEndedRemaining;
        FrameCount = dataBytes / format.BlockAlign;
    }

    public WavFormat Format { get; }

    /// <summary>The frames the header declares, or null when the writer left the length open.</summary>
    public long? FrameCount { get; }

    /// <summary>Reads the headers up to the start of the audio data.</summary>
    /// <exception cref="InvalidAudioException">The stream is not a WAV file, or its headers are corrupt or unsupported.</exception>
    public static async Task<WavReader> OpenAsync(Stream stream, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[12];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            throw new InvalidAudioException("The audio is empty (0 bytes).", detectedFormat: null);
        }

        var riffId = Ascii(header.AsSpan(0, 4));
        if (read < 12 || (riffId != "RIFF" && riffId != "RF64") || Ascii(header.AsSpan(8, 4)) != "WAVE")
        {
            var detected = AudioFormatSniffer.Detect(header.AsSpan(0, read));
            if (read < 12 && detected is null or "wav" or "riff")
            {
                throw new InvalidAudioException($"Truncated WAV: the stream ends after {read} bytes, inside the 12-byte RIFF header.", "wav");
            }

            throw new InvalidAudioException(
                $"Not a WAV file: expected a RIFF/WAVE header but the input looks like {detected ?? "unknown data"}.", detected);
        }

        var (format, dataBytes) = await ReadChunksUntilDataAsync(stream, isRf64: riffId == "RF64", cancellationToken);
        return new WavReader(stream, leaveOpen, format, dataBytes);
    }

    /// <summary>Reads a whole WAV stream into memory.</summary>
    /// <remarks>Memory grows with the input; apply <see cref="AudioCodec"/> limits to untrusted uploads instead.</remarks>
    public static async Task<PcmAudio> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        await using var reader = await OpenAsync(stream, leaveOpen: true, cancellationToken);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Reads up to <c>destination.Length / Channels</c> interleaved frames; returns the frames read, 0 at the end.</summary>
    public async ValueTask<int> ReadFramesAsync(Memory<float> destination, CancellationToken cancellationToken = default)
    {
        var blockAlign = Format.BlockAlign;
        var framesWanted = destination.Length / Format.Channels;
        if (framesWanted == 0)
        {
            throw new ArgumentException($"The destination must hold at least one frame ({Format.Channels} samples).", nameof(destination));
        }

        var bytesWanted = (int)Math.Min(Math.Min((long)framesWanted * blockAlign, Math.Max(ReadBufferBytes, blockAlign)), _dataRemaining + _pendingBytes);
        if (bytesWanted < blockAlign)
        {
            return 0;
        }

        if (_buffer.Length < bytesWanted)
        {
            _buffer = new byte[bytesWanted];
        }

        var read = await _stream.ReadAtLeastAsync(
            _buffer.AsMemory(_pendingBytes, bytesWanted - _pendingBytes), blockAlign - _pendingBytes, throwOnEndOfStream: false, cancellationToken);
        _dataRemaining -= read;
        var available = _pendingBytes + read;
        var frames = available / blockAlign;
        var used = frames * blockAlign;
        WavSampleCodec.Decode(_buffer.AsSpan(0, used), Format.SampleFormat, destination.Span[..(frames * Format.Channels)]);

        // Keep a partial frame for the next call; at the end of the stream it is dropped.
        _pendingBytes = available - used;
        _buffer.AsSpan(used, _pendingBytes).CopyTo(_buffer);
        if (read == 0)
        {
            _dataRemaining = 0;
        }

        return frames;
    }

    /// <summary>Reads the remaining frames into one <see cref="PcmAudio"/>.</summary>
    public async Task<PcmAudio> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        var chunk = new float[16384 * Format.Channels];
        var samples = new List<float>();
        int frames;
        while ((frames = await ReadFramesAsync(chunk, cancellationToken)) > 0)
        {
            samples.AddRange(chunk.AsSpan(0, frames * Format.Channels));
        }

        return new PcmAudio(samples.ToArray(), Format.SampleRate, Format.Channels);
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }
    }

    private static async Task<(WavFormat Format, long? DataBytes)> ReadChunksUntilDataAsync(Stream stream, bool isRf64, CancellationToken cancellationToken)
    {
        var chunkHeader = new byte[8];
        WavFormat? format = null;
        long? rf64DataBytes = null;
        while (true)
        {
            var read = await stream.ReadAtLeastAsync(chunkHeader, 8, throwOnEndOfStream: false, cancellationToken);
            if (read < 8)
            {
                var missing = format is null ? "'fmt ' chunk" : "'data' chunk";
                throw new InvalidAudioException($"Truncated WAV: the stream ends before the {missing}.", "wav");
            }

            var id = Ascii(chunkHeader.AsSpan(0, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader.AsSpan(4));
            switch (id)
            {
                case "fmt ":
                    if (size is < 16 or > MaxFormatChunkBytes)
                    {
                        throw new InvalidAudioException($"Corrupt WAV: the 'fmt ' chunk is {size} bytes; expected 16 to {MaxFormatChunkBytes}.", "wav");
                    }

                    var body = await ReadChunkBodyAsync(stream, id, size, cancellationToken);
                    format = ParseFormat(body);
                    break;
                case "ds64" when isRf64:
                    var ds64 = await ReadChunkBodyAsync(stream, id, Math.Min(size, MaxFormatChunkBytes), cancellationToken);
                    if (ds64.Length < 16)
                    {
                        throw new InvalidAudioException($"Corrupt RF64: the 'ds64' chunk is {size} bytes; expected at least 16.", "wav");
                    }

                    rf64DataBytes = BinaryPrimitives.ReadInt64LittleEndian(ds64.AsSpan(8, 8));
                    await SkipAsync(stream, size - (long)Math.Min(size, MaxFormatChunkBytes), cancellationToken);
                    break;
                case "data":
                    if (format is null)
                    {
                        throw new InvalidAudioException("Corrupt WAV: the 'data' chunk comes before any 'fmt ' chunk.", "wav");
                    }

                    long? dataBytes = size == OpenEndedSize ? rf64DataBytes : size;
                    return (format.Value, dataBytes);
                default:
                    await SkipAsync(stream, size + (size & 1), cancellationToken);
                    break;
            }
        }
    }

    private static async Task<byte[]> ReadChunkBodyAsync(Stream stream, string id, uint size, CancellationToken cancellationToken)
    {
        var body = new byte[size + (size & 1)];
        var read = await stream.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < size)
        {
            throw new InvalidAudioException($"Truncated WAV: the '{id}' chunk declares {size} bytes but the stream ends after {read}.", "wav");
        }

        return body;
    }

    private static WavFormat ParseFormat(ReadOnlySpan<byte> body)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (tag == 0xFFFE)
        {
            if (body.Length < 40 || BinaryPrimitives.ReadUInt16LittleEndian(body[16..]) < 22)
            {
                throw new InvalidAudioException("Corrupt WAV: WAVE_FORMAT_EXTENSIBLE without its 22-byte extension.", "wav");
            }

            var subFormat = body.Slice(24, 16);
            if (!subFormat[2..].SequenceEqual(SubFormatGuidTail))
            {
                throw new InvalidAudioException("Unsupported WAV: WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID.", "wav");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
        }

        if (channels == 0 || sampleRate == 0 || sampleRate > int.MaxValue)
        {
            throw new InvalidAudioException($"Corrupt WAV: {channels} channels at {sampleRate} Hz.", "wav");
        }

        WavSampleFormat? sampleFormat = (tag, bits) switch
        {
            (1, 8) => WavSampleFormat.Pcm8,
            (1, 16) => WavSampleFormat.Pcm16,
            (1, 24) => WavSampleFormat.Pcm24,
            (1, 32) => WavSampleFormat.Pcm32,
            (3, 32) => WavSampleFormat.IeeeFloat32,
            (3, 64) => WavSampleFormat.IeeeFloat64,
            (6, 8) => WavSampleFormat.ALaw,
            (7, 8) => WavSampleFormat.MuLaw,
            _ => null,
        };
        if (sampleFormat is null)
        {
            throw new InvalidAudioException(
                $"Unsupported WAV encoding: {DescribeTag(tag)} at {bits} bits per sample. Supported: integer PCM (8/16/24/32-bit), "
                + "IEEE float (32/64-bit), A-law and μ-law (8-bit).",
                "wav");
        }

        var format = new WavFormat((int)sampleRate, channels, sampleFormat.Value);
        if (blockAlign != format.BlockAlign)
        {
            throw new InvalidAudioException(
                $"Corrupt WAV: block align is {blockAlign} bytes but {channels} channels of {bits}-bit samples need {format.BlockAlign}.", "wav");
        }

        return format;
    }

    private static string DescribeTag(int tag) => tag switch
    {
        1 => "integer PCM",
        2 => "format tag 0x0002 (Microsoft ADPCM)",
        3 => "IEEE float",
        6 => "A-law",
        7 => "μ-law",
        0x11 => "format tag 0x0011 (IMA ADPCM)",
        0x31 => "format tag 0x0031 (GSM 6.10)",
        0x50 => "format tag 0x0050 (MPEG)",
        0x55 => "format tag 0x0055 (MPEG layer 3)",
        _ => $"format tag 0x{tag:X4}",
    };

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        if (stream.CanSeek)
        {
            stream.Seek(count, SeekOrigin.Current);
            return;
        }

        var scratch = new byte[(int)Math.Min(count, 4096)];
        while (count > 0)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), cancellationToken);
            if (read == 0)
            {
                return;
            }

            count -= read;
        }
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
