namespace Omnia.Server.Memory;

/// <summary>How many requests (WebSocket sessions included) are in flight, and when the last one ended.</summary>
/// <remarks>Updated from every request's thread; reads are lock-free snapshots.</remarks>
public sealed class RequestActivity(TimeProvider time)
{
    private int _inFlight;
    private long _lastEnded = time.GetTimestamp();
    private long _completed;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests ended since the server started: a trim is only worth it after some work.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>How long no request has been running (zero while one is).</summary>
    public TimeSpan IdleFor => InFlight > 0 ? TimeSpan.Zero : time.GetElapsedTime(Interlocked.Read(ref _lastEnded));

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Ended()
    {
        Interlocked.Exchange(ref _lastEnded, time.GetTimestamp());
        Interlocked.Increment(ref _completed);
        Interlocked.Decrement(ref _inFlight);
    }
}
