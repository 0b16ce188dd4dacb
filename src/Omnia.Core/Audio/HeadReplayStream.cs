namespace Omnia.Audio;

/// <summary>Reads bytes already taken from a stream (to sniff its format) and then the rest of that stream.</summary>
internal sealed class HeadReplayStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _head = head;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        _head.IsEmpty ? rest.Read(buffer, offset, count) : TakeHead(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _head.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(TakeHead(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int TakeHead(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _head.Length);
        _head.Span[..count].CopyTo(destination);
        _head = _head[count..];
        return count;
    }
}
