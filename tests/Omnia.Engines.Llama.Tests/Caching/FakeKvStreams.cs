using Omnia.Engines.Llama.Caching;

namespace Omnia.Engines.Llama.Tests.Caching;

/// <summary>
/// A fake of the context's KV streams that keeps, per stream, the units its cells would hold, so a test can check
/// that the slot table's tags always agree with the cells. Copies apply at once, in order, as llama.cpp applies its
/// queued stream copies at the next decode.
/// </summary>
internal sealed class FakeKvStreams(int streams) : IKvStreams
{
    private readonly List<PromptUnit>[] _cells = [.. Enumerable.Range(0, streams).Select(_ => new List<PromptUnit>())];

    public List<string> Operations { get; } = [];

    /// <summary>Makes <see cref="RemoveFrom"/> fail, as a memory that cannot cut mid-sequence does.</summary>
    public bool RefuseCuts { get; set; }

    public IReadOnlyList<PromptUnit> Cells(int stream) => _cells[stream];

    /// <summary>What a request decodes into its stream (the loop does it through batches).</summary>
    public void Decode(KvSlot slot, IEnumerable<PromptUnit> units)
    {
        foreach (var unit in units)
        {
            _cells[slot.Id].Add(unit);
            slot.Content.Add(unit);
        }
    }

    public void Copy(int source, int destination)
    {
        Operations.Add($"copy {source}->{destination}");
        _cells[destination] = [.. _cells[source]];
    }

    public bool RemoveFrom(int sequence, int fromPosition)
    {
        Operations.Add($"cut {sequence}@{fromPosition}");
        if (RefuseCuts) return false;
        var position = 0;
        var keep = _cells[sequence].TakeWhile(u => (position += u.Positions) <= fromPosition).Count();
        _cells[sequence].RemoveRange(keep, _cells[sequence].Count - keep);
        return true;
    }

    public void Clear(int sequence)
    {
        Operations.Add($"clear {sequence}");
        _cells[sequence].Clear();
    }
}
