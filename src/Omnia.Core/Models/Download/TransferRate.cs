namespace Omnia.Models.Download;

/// <summary>Bytes per second over the last few seconds of a transfer, and the time left at that rate.</summary>
internal sealed class TransferRate(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private readonly Queue<(long Timestamp, long Bytes)> _samples = new();

    public double BytesPerSecond { get; private set; }

    public void Add(long bytes)
    {
        var now = time.GetTimestamp();
        _samples.Enqueue((now, bytes));
        while (_samples.Count > 2 && time.GetElapsedTime(_samples.Peek().Timestamp, now) > Window) _samples.Dequeue();
        var (firstTime, firstBytes) = _samples.Peek();
        var seconds = time.GetElapsedTime(firstTime, now).TotalSeconds;
        if (seconds > 0) BytesPerSecond = (bytes - firstBytes) / seconds;
    }

    public TimeSpan? Remaining(long bytes, long? total) =>
        total is { } t && BytesPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, t - bytes) / BytesPerSecond) : null;
}
