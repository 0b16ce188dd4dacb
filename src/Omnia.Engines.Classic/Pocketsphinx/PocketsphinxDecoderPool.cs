using System.Collections.Concurrent;

namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>A bounded set of warm decoders of one mode, rented by one utterance at a time.</summary>
/// <remarks>
/// Creating a decoder (<c>ps_init</c>) costs ~0.3 s and tens of megabytes, so decoders are created on demand up to
/// the limit and kept; a renter beyond the limit waits for a return. A decoder that failed is freed, not returned.
/// <see cref="TrimIdle"/> frees the idle ones beyond a number kept warm: each holds ~100 MB of native memory (measured:
/// a second decoder after a burst of concurrent transcriptions was 97 MB resident for good), so the pool shrinks back
/// once the burst that needed them is over.
/// </remarks>
internal sealed class PocketsphinxDecoderPool : IDisposable
{
    private readonly PocketsphinxModelFiles files;
    private readonly PocketsphinxMode mode;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentStack<PocketsphinxDecoder> idle = new();
    private long created;
    private volatile bool disposed;

    public PocketsphinxDecoderPool(PocketsphinxModelFiles files, PocketsphinxMode mode, int maxDecoders)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecoders, 1);
        this.files = files;
        this.mode = mode;
        slots = new SemaphoreSlim(maxDecoders, maxDecoders);
    }

    public async Task<PocketsphinxDecoder> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await slots.WaitAsync(cancellationToken);
        try
        {
            if (idle.TryPop(out var decoder))
            {
                return decoder;
            }
            var generation = Interlocked.Increment(ref created);
            return await Task.Run(() => PocketsphinxDecoder.Create(files, mode, generation), cancellationToken);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    public void Return(PocketsphinxDecoder decoder, bool healthy)
    {
        if (healthy && !disposed)
        {
            idle.Push(decoder);
        }
        else
        {
            decoder.Dispose();
        }
        slots.Release();
    }

    /// <summary>The decoders waiting in the pool, not rented.</summary>
    internal int IdleCount => idle.Count;

    /// <summary>Frees idle decoders until at most <paramref name="keep"/> are left, the oldest; rented ones are not touched.</summary>
    /// <remarks>
    /// The oldest are kept because their memory was laid out when the heap was young: keeping whichever came back
    /// last freed the start-up decoder and kept one allocated in a fragmented arena, 18 MB more resident after a
    /// second burst (measured). Meant for an idle server; a renter meanwhile may find the pool empty and create one.
    /// </remarks>
    public void TrimIdle(int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var waiting = new List<PocketsphinxDecoder>();
        while (idle.TryPop(out var decoder))
        {
            waiting.Add(decoder);
        }
        waiting.Sort((a, b) => a.Generation.CompareTo(b.Generation));
        foreach (var decoder in waiting.Skip(keep))
        {
            decoder.Dispose();
        }
        foreach (var decoder in waiting.Take(keep).Reverse())
        {
            idle.Push(decoder);
        }
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryPop(out var decoder))
        {
            decoder.Dispose();
        }
    }
}
