using Omnia.Engines.Llama.Caching;

namespace Omnia.Engines.Llama.Tests.Caching;

/// <summary>
/// A fake of the context's KV streams that keeps, per stream, the units its cells would hold at their positions, so a
/// test can check that the slot table's tags always agree with the cells. Copies and shifts apply at once, in order,
/// as llama.cpp applies them at the next decode.
/// </summary>
internal sealed class FakeKvStreams(int streams) : IKvStreams
{
    private readonly List<(PromptUnit Unit, int Position)>[] _cells = [.. Enumerable.Range(0, streams).Select(_ => new List<(PromptUnit, int)>())];

    public List<string> Operations { get; } = [];

    /// <summary>Makes <see cref="RemoveFrom"/> fail, as a memory that cannot cut mid-sequence does.</summary>
    public bool RefuseCuts { get; set; }

    public bool CanShift { get; set; } = true;

    /// <summary>The units of a stream's cells in position order.</summary>
    public IReadOnlyList<PromptUnit> Cells(int stream) => [.. _cells[stream].Select(c => c.Unit)];

    /// <summary>Whether each cell sits right after the one before it, from position 0 (what the tags assume).</summary>
    public bool IsContiguous(int stream)
    {
        var next = 0;
        foreach (var (unit, position) in _cells[stream])
        {
            if (position != next) return false;
            next += unit.Positions;
        }
        return true;
    }

    /// <summary>What a request decodes into its stream (the loop does it through batches).</summary>
    public void Decode(KvSlot slot, IEnumerable<PromptUnit> units)
    {
        foreach (var unit in units)
        {
            _cells[slot.Id].Add((unit, slot.Content.Positions));
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
        _cells[sequence].RemoveAll(c => c.Position >= fromPosition);
        return true;
    }

    public void Remove(int sequence, int from, int to)
    {
        Operations.Add($"remove {sequence}@{from}-{to}");
        _cells[sequence].RemoveAll(c => c.Position >= from && c.Position < to);
    }

    public void Shift(int sequence, int from, int to, int delta)
    {
        Operations.Add($"shift {sequence}@{from}-{to} by {delta}");
        var cells = _cells[sequence];
        for (var i = 0; i < cells.Count; i++)
            if (cells[i].Position >= from && cells[i].Position < to) cells[i] = (cells[i].Unit, cells[i].Position + delta);
        // Stable: no two cells share a position once the stretch between was removed first, as the table does.
        var sorted = cells.OrderBy(c => c.Position).ToList();
        cells.Clear();
        cells.AddRange(sorted);
    }

    public void Clear(int sequence)
    {
        Operations.Add($"clear {sequence}");
        _cells[sequence].Clear();
    }
}
