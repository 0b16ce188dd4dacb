namespace Omnia.Server.OpenAI.Media;

/// <summary>The bytes of decoded pixels that all image decodes together may hold at once, shared by every request.</summary>
/// <remarks>
/// A decode asks for its pixel buffers' size before it allocates them and gives them back when it is done, so
/// however many images arrive at once, their decoded pixels never exceed <see cref="CapacityBytes"/>. Requests are
/// served first come, first served (a large image is not starved by a stream of small ones); waiting observes
/// cancellation, so a client that leaves stops waiting. Thread-safe.
/// </remarks>
public sealed class ImageDecodeBudget
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _available;

    public ImageDecodeBudget(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        CapacityBytes = capacityBytes;
        _available = capacityBytes;
    }

    /// <summary>The most bytes held at once; one decode needing more can never be served.</summary>
    public long CapacityBytes { get; }

    /// <summary>The bytes not held by any decode right now.</summary>
    public long AvailableBytes
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> are free and holds them until the returned lease is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is more than <see cref="CapacityBytes"/>.</exception>
    public async ValueTask<IDisposable> AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, CapacityBytes);
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter(bytes);
        lock (_lock)
        {
            if (_waiters.Count == 0 && _available >= bytes)
            {
                _available -= bytes;
                return new Lease(this, bytes);
            }

            waiter.Node = _waiters.AddLast(waiter);
        }

        await using (cancellationToken.Register(() => Cancel(waiter, cancellationToken)))
        {
            await waiter.Granted.Task;
        }

        return new Lease(this, bytes);
    }

    private void Release(long bytes)
    {
        lock (_lock)
        {
            _available += bytes;
            GrantWaiting();
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                // Already granted: the caller holds its bytes and releases them through its lease.
                return;
            }

            _waiters.Remove(waiter.Node);

            // The head of the queue may have been what held the others back.
            GrantWaiting();
        }

        waiter.Granted.TrySetCanceled(cancellationToken);
    }

    private void GrantWaiting()
    {
        while (_waiters.First is { } first && first.Value.Bytes <= _available)
        {
            _available -= first.Value.Bytes;
            _waiters.RemoveFirst();
            first.Value.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(ImageDecodeBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }
}
