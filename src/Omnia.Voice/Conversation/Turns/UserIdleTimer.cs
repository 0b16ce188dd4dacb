namespace Omnia.Voice.Conversation;

/// <summary>
/// The idle timeout's clock: once the conversation waits for the user, it waits on the <see cref="TimeProvider"/>,
/// not on the audio, so a client that stops sending audio (a muted microphone) is still prompted. When it fires it
/// posts an <see cref="IdleElapsed"/> to the loop, which decides; a wait that was re-armed or stopped in between is
/// recognised by its generation and ignored.
/// </summary>
internal sealed class UserIdleTimer : IDisposable
{
    /// <summary>How soon a firing tries again when the loop's inbox is full (the loop is busy, so it will look soon).</summary>
    private static readonly TimeSpan RetryWhenFull = TimeSpan.FromMilliseconds(20);

    private readonly ITimer _timer;
    private readonly Func<IdleElapsed, bool> _post;
    private long _generation;

    public UserIdleTimer(TimeProvider time, Func<IdleElapsed, bool> post)
    {
        _post = post;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether a wait is running (armed and not yet handled).</summary>
    public bool IsArmed { get; private set; }

    /// <summary>Where the input audio stood when the wait began: the start of the stretch the timeout reports.</summary>
    public long SinceAudioMs { get; private set; }

    public void Arm(TimeSpan after, long audioMs)
    {
        Interlocked.Increment(ref _generation);
        IsArmed = true;
        SinceAudioMs = audioMs;
        _timer.Change(after, Timeout.InfiniteTimeSpan);
    }

    public void Disarm()
    {
        if (!IsArmed) return;
        Interlocked.Increment(ref _generation);
        IsArmed = false;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Takes a firing: true when it belongs to the wait still running, which ends with it.</summary>
    public bool Take(IdleElapsed elapsed)
    {
        if (!IsArmed || elapsed.Generation != Interlocked.Read(ref _generation)) return false;
        IsArmed = false;
        return true;
    }

    private void Fire()
    {
        if (_post(new IdleElapsed(Interlocked.Read(ref _generation)))) return;
        try
        {
            _timer.Change(RetryWhenFull, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The conversation ended meanwhile: nobody waits any more.
        }
    }

    public void Dispose() => _timer.Dispose();
}
