using Microsoft.ML.OnnxRuntime;

namespace Omnia.Engines.Onnx;

/// <summary>
/// An ONNX Runtime session that calls and streams hold open while they use it, so its owner may be disposed while
/// they run: the session (and its options) goes when the owner has closed it and the last holder has let go.
/// </summary>
internal sealed class SharedInferenceSession(InferenceSession session, SessionOptions options)
{
    /// <summary>The owner's own hold, given back by <see cref="Close"/>, and one per user.</summary>
    private int _holders = 1;
    private int _closed;

    public InferenceSession Session { get; } = session;

    /// <summary>Takes a hold; throws <see cref="ObjectDisposedException"/> naming <paramref name="owner"/> once it is closed.</summary>
    public void Hold(object owner)
    {
        for (var holders = Volatile.Read(ref _holders); ; holders = Volatile.Read(ref _holders))
        {
            ObjectDisposedException.ThrowIf(holders == 0 || Volatile.Read(ref _closed) == 1, owner);
            if (Interlocked.CompareExchange(ref _holders, holders + 1, holders) == holders) return;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) != 0) return;
        Session.Dispose();
        options.Dispose();
    }

    /// <summary>The owner is done: its own hold goes (once), and the session with the last one.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) Release();
    }
}
