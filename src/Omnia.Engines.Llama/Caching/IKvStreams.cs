namespace Omnia.Engines.Llama.Caching;

/// <summary>
/// The KV operations the slot table needs, one stream per sequence id: the context implements them with llama.cpp's
/// memory calls, tests with a recording fake.
/// </summary>
internal interface IKvStreams
{
    /// <summary>Whether cells can be moved to other positions (RoPE models; not recurrent state).</summary>
    bool CanShift { get; }

    /// <summary>Copies the whole stream of <paramref name="source"/> over <paramref name="destination"/>'s.</summary>
    void Copy(int source, int destination);

    /// <summary>Removes the cells at <paramref name="fromPosition"/> and after; false when the memory cannot cut there.</summary>
    bool RemoveFrom(int sequence, int fromPosition);

    /// <summary>Removes the cells at positions from <paramref name="from"/> up to, not including, <paramref name="to"/>.</summary>
    void Remove(int sequence, int from, int to);

    /// <summary>Moves the cells at positions [<paramref name="from"/>, <paramref name="to"/>) by <paramref name="delta"/> (applied at the next decode).</summary>
    void Shift(int sequence, int from, int to, int delta);

    void Clear(int sequence);
}
