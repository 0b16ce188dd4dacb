using Omnia.Errors;

namespace Omnia.Concurrency;

/// <summary>
/// Admission to an engine that runs requests on one loaded native model: at most <c>maxAdmitted</c> requests are
/// inside (running, or waiting for one of <c>slots</c>); more are refused at once with
/// <see cref="EngineOverloadedException"/> rather than queued without bound. Once the gate is disposed new requests
/// are refused, and the model is freed when the last request inside leaves, so none loses its native state under it.
/// </summary>
public sealed class RequestGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxAdmitted;
    private readonly Action _free;
    private readonly string _busyMessage;
    private int _admitted;
    private int _closed;
    private int _freed;

    /// <param name="slots">Requests that may run at once.</param>
    /// <param name="maxAdmitted">Requests that may be inside, running or waiting for a slot.</param>
    /// <param name="free">Frees the model; called once, after <see cref="Dispose"/> and the last request's leaving.</param>
    /// <param name="busyMessage">What a refused request is told.</param>
    public RequestGate(int slots, int maxAdmitted, Action free, string busyMessage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _slots = new SemaphoreSlim(slots, slots);
        _maxAdmitted = maxAdmitted;
        _free = free;
        _busyMessage = busyMessage;
    }

    /// <summary>Admits a request; disposing the pass lets it leave.</summary>
    /// <param name="owner">The engine, named by the <see cref="ObjectDisposedException"/> once the gate is disposed.</param>
    /// <exception cref="ObjectDisposedException">The gate is disposed.</exception>
    /// <exception cref="EngineOverloadedException">As many requests as allowed are inside.</exception>
    public IDisposable Enter(object owner)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, owner);
        if (Interlocked.Increment(ref _admitted) > _maxAdmitted)
        {
            Leave();
            throw new EngineOverloadedException(_busyMessage);
        }
        return new Lease(Leave);
    }

    /// <summary>Waits for a slot to run in (an admitted request only); disposing the lease gives it back.</summary>
    public async Task<IDisposable> WaitForSlotAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Lease(() => _slots.Release());
    }

    /// <summary>Refuses new requests; frees the model now if none is inside, else when the last one leaves.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0 && Volatile.Read(ref _admitted) == 0) Free();
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _admitted) == 0 && Volatile.Read(ref _closed) != 0) Free();
    }

    private void Free()
    {
        if (Interlocked.Exchange(ref _freed, 1) != 0) return;
        _free();
        _slots.Dispose();
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) release();
        }
    }
}
