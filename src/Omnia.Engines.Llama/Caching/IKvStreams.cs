namespace Omnia.Engines.Llama.Caching;

/// <summary>
/// The KV operations the slot table needs, one stream per sequence id: the context implements them with llama.cpp's
/// memory calls, tests with a recording fake.
/// </summary>
internal interface IKvStreams
{
    /// <summary>Copies the whole stream of <paramref name="source"/> over <paramref name="destination"/>'s.</summary>
    void Copy(int source, int destination);

    /// <summary>Removes the cells at <paramref name="fromPosition"/> and after; false when the memory cannot cut there.</summary>
    bool RemoveFrom(int sequence, int fromPosition);

    void Clear(int sequence);
}
