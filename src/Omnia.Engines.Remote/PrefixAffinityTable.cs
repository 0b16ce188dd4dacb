namespace Omnia.Engines.Remote;

/// <summary>
/// Which upstream served a conversation prefix, for a bounded number of prefixes: when full, the least recently
/// used is forgotten.
/// </summary>
/// <remarks>Safe for concurrent use; every operation takes one short lock.</remarks>
internal sealed class PrefixAffinityTable(int capacity)
{
    private readonly Dictionary<UInt128, LinkedListNode<(UInt128 Key, Upstream Upstream)>> _entries = new(Math.Min(capacity, 1024));
    private readonly LinkedList<(UInt128 Key, Upstream Upstream)> _recency = new();
    private readonly Lock _lock = new();

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>The longest of <paramref name="keys"/> (given shortest first) that is known, marked as recently used.</summary>
    public (UInt128 Key, Upstream Upstream)? FindLongest(IReadOnlyList<UInt128> keys)
    {
        lock (_lock)
        {
            for (var i = keys.Count - 1; i >= 0; i--)
            {
                if (!_entries.TryGetValue(keys[i], out var node)) continue;
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value;
            }
            return null;
        }
    }

    public void Set(UInt128 key, Upstream upstream)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                node.Value = (key, upstream);
                _recency.AddFirst(node);
                return;
            }
            if (_entries.Count >= Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
            _entries[key] = _recency.AddFirst((key, upstream));
        }
    }

    public void Remove(UInt128 key)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var node)) _recency.Remove(node);
        }
    }
}
