using System.Buffers.Binary;
using System.Text;

namespace Omnia.Audio;

/// <summary>Writes float samples as a WAV stream, frame chunk by frame chunk.</summary>
/// <remarks>
/// The header goes out before the first samples. On a seekable stream <see cref="CompleteAsync"/> patches the
/// sizes in; on a non-seekable one (an HTTP response) they stay 0xFFFFFFFF, the streaming convention that readers
/// (including <see cref="WavReader"/> and ffmpeg) treat as "until the end". More than two channels are written as
/// WAVE_FORMAT_EXTENSIBLE. Not thread-safe.
/// </remarks>
public sealed class WavWriter : IAsyncDisposable
{
    private const uint OpenEndedSize = 0xFFFFFFFF;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _headerStart = -1;
    private int _headerLength;
    private long _dataBytes;
    private byte[] _buffer = [];
    private bool _completed;

    public WavWriter(Stream stream, WavFormat format, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(format.SampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(format.Channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(format.Channels, ushort.MaxValue);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Format = format;
    }

    public WavFormat Format { get; }

    /// <summary>Encodes a whole <see cref="PcmAudio"/> as WAV bytes in memory.</summary>
    public static byte[] Encode(PcmAudio audio, WavSampleFormat sampleFormat = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var format = new WavFormat(audio.SampleRate, audio.Channels, sampleFormat);
        long dataBytes = (long)audio.Samples.Length * format.BytesPerSample;
        var headerLength = HeaderLength(format);
        var bytes = new byte[headerLength + dataBytes + (dataBytes & 1)];
        WriteHeader(bytes, format, dataBytes);
        WavSampleCodec.Encode(audio.Samples.Span, sampleFormat, bytes.AsSpan(headerLength, (int)dataBytes));
        return bytes;
    }

    /// <summary>Writes interleaved samples (whole frames); the header is written first on the first call.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<float> interleaved, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (interleaved.Length % Format.Channels != 0)
        {
            throw new ArgumentException($"{interleaved.Length} samples are not whole frames of {Format.Channels} channels.", nameof(interleaved));
        }

        await EnsureHeaderAsync(cancellationToken);
        var byteCount = interleaved.Length * Format.BytesPerSample;
        if (_buffer.Length < byteCount)
        {
            _buffer = new byte[byteCount];
        }

        WavSampleCodec.Encode(interleaved.Span, Format.SampleFormat, _buffer);
        await _stream.WriteAsync(_buffer.AsMemory(0, byteCount), cancellationToken);
        _dataBytes += byteCount;
    }

    /// <summary>Ends the data chunk (pad byte, sizes when the stream can seek) and flushes; later writes fail.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return;
        }

        await EnsureHeaderAsync(cancellationToken);
        _completed = true;
        if ((_dataBytes & 1) == 1)
        {
            await _stream.WriteAsync(new byte[1], cancellationToken);
        }

        if (_stream.CanSeek && _headerStart >= 0 && _dataBytes < OpenEndedSize - _headerLength)
        {
            var end = _stream.Position;
            var header = new byte[_headerLength];
            WriteHeader(header, Format, _dataBytes);
            _stream.Position = _headerStart;
            await _stream.WriteAsync(header, cancellationToken);
            _stream.Position = end;
        }

        await _stream.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync();
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }
    }

    private async ValueTask EnsureHeaderAsync(CancellationToken cancellationToken)
    {
        if (_headerLength > 0)
        {
            return;
        }

        _headerLength = HeaderLength(Format);
        _headerStart = _stream.CanSeek ? _stream.Position : -1;
        var header = new byte[_headerLength];
        WriteHeader(header, Format, dataBytes: null);
        await _stream.WriteAsync(header, cancellationToken);
    }

    private static bool IsExtensible(WavFormat format) => format.Channels > 2;

    private static int FormatChunkLength(WavFormat format) =>
        IsExtensible(format) ? 40 : format.SampleFormat is WavSampleFormat.Pcm8 or WavSampleFormat.Pcm16 or WavSampleFormat.Pcm24 or WavSampleFormat.Pcm32 ? 16 : 18;

    internal static int HeaderLength(WavFormat format) => 12 + 8 + FormatChunkLength(format) + 8;

    /// <summary>Writes the RIFF, fmt and data chunk headers; a null <paramref name="dataBytes"/> leaves the sizes open.</summary>
    internal static void WriteHeader(Span<byte> destination, WavFormat format, long? dataBytes)
    {
        var fmtLength = FormatChunkLength(format);
        var headerLength = HeaderLength(format);
        var dataSize = dataBytes is { } known ? (uint)known : OpenEndedSize;
        var riffSize = dataBytes is { } d ? (uint)(headerLength - 8 + d + (d & 1)) : OpenEndedSize;
        var tag = format.SampleFormat switch
        {
            WavSampleFormat.IeeeFloat32 or WavSampleFormat.IeeeFloat64 => (ushort)3,
            WavSampleFormat.ALaw => (ushort)6,
            WavSampleFormat.MuLaw => (ushort)7,
            _ => (ushort)1,
        };
        var bits = (ushort)(format.BytesPerSample * 8);

        Encoding.ASCII.GetBytes("RIFF", destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], riffSize);
        Encoding.ASCII.GetBytes("WAVEfmt ", destination[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)fmtLength);
        var fmt = destination.Slice(20, fmtLength);
        fmt.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, IsExtensible(format) ? (ushort)0xFFFE : tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt[2..], (ushort)format.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt[4..], (uint)format.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt[8..], (uint)format.SampleRate * (uint)format.BlockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt[12..], (ushort)format.BlockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt[14..], bits);
        if (fmtLength > 16)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt[16..], (ushort)(fmtLength - 18));
        }

        if (IsExtensible(format))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt[18..], bits);
            BinaryPrimitives.WriteUInt32LittleEndian(fmt[20..], SpeakerMask(format.Channels));
            BinaryPrimitives.WriteUInt16LittleEndian(fmt[24..], tag);
            ReadOnlySpan<byte> guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            guidTail.CopyTo(fmt[26..]);
        }

        Encoding.ASCII.GetBytes("data", destination[(20 + fmtLength)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(24 + fmtLength)..], dataSize);
    }

    // The usual speaker layouts (mono … 7.1); other counts leave the mapping unspecified.
    private static uint SpeakerMask(int channels) => channels switch
    {
        1 => 0x4,
        2 => 0x3,
        3 => 0x7,
        4 => 0x33,
        5 => 0x37,
        6 => 0x3F,
        7 => 0x13F,
        8 => 0x63F,
        _ => 0,
    };
}
