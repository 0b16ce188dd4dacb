namespace Omnia.Engines.Llama.Caching;

/// <summary>
/// What a KV sequence's cells hold, unit by unit in position order: the tags a new prompt is matched against. Kept
/// equal to the cells by construction: a unit is added only for what was put into a batch that then decoded.
/// </summary>
internal sealed class SlotContent
{
    private readonly List<PromptUnit> _units = [];

    public int Count => _units.Count;
    public bool IsEmpty => _units.Count == 0;

    /// <summary>Positions the units take; the next unit goes at this position.</summary>
    public int Positions { get; private set; }

    /// <summary>KV cells the units take.</summary>
    public int Cells { get; private set; }

    public PromptUnit this[int index] => _units[index];

    public void Add(PromptUnit unit)
    {
        _units.Add(unit);
        Positions += unit.Positions;
        Cells += unit.Cells;
    }

    /// <summary>How many leading units <paramref name="prompt"/> shares with this content.</summary>
    public int CommonPrefix(IReadOnlyList<PromptUnit> prompt)
    {
        var n = Math.Min(_units.Count, prompt.Count);
        var i = 0;
        while (i < n && _units[i] == prompt[i]) i++;
        return i;
    }

    /// <summary>The position where the unit at <paramref name="index"/> starts.</summary>
    public int PositionOf(int index)
    {
        if (index == _units.Count) return Positions;
        var position = 0;
        for (var i = 0; i < index; i++) position += _units[i].Positions;
        return position;
    }

    /// <summary>Keeps the first <paramref name="count"/> units (the caller removes the cells from their end position).</summary>
    public void Truncate(int count)
    {
        if (count >= _units.Count) return;
        for (var i = count; i < _units.Count; i++)
        {
            Positions -= _units[i].Positions;
            Cells -= _units[i].Cells;
        }
        _units.RemoveRange(count, _units.Count - count);
    }

    /// <summary>
    /// Keeps the first <paramref name="prefix"/> units followed by <paramref name="runs"/> (text tokens, one position
    /// each), and drops everything else: the caller has moved the cells to match.
    /// </summary>
    public void Rearrange(int prefix, IReadOnlyList<ShiftedRun> runs)
    {
        var kept = _units.Take(prefix).Concat(runs.SelectMany(r => _units.Skip(r.CacheIndex).Take(r.Length))).ToList();
        Clear();
        foreach (var unit in kept) Add(unit);
    }

    public void Clear()
    {
        _units.Clear();
        Positions = Cells = 0;
    }

    public void CopyFrom(SlotContent other)
    {
        _units.Clear();
        _units.AddRange(other._units);
        Positions = other.Positions;
        Cells = other.Cells;
    }
}
