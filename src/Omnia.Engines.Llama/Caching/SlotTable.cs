namespace Omnia.Engines.Llama.Caching;

/// <summary>
/// Chooses the KV sequence each request decodes in, so that what a finished request left in its cells is reused by
/// the next prompt that starts the same way (llama.cpp server's slots with <c>cache_prompt</c>): the free slot with
/// the longest common prefix wins (ties: least recently used), keeps that prefix and drops the rest; a slot's cache
/// is evicted only when a new request needs the slot. A conversation may own a slot between its turns.
/// </summary>
/// <remarks>
/// The decode loop's invariant stays: active sequences sit on consecutive ids, since llama.cpp batches only a run of
/// consecutive streams together. A slot that has to move next to the active ones is copied there (a stream copy is a
/// memcpy of the KV buffers, done at the next decode); when both places hold a cache worth keeping they are swapped
/// through one spare stream, so neither is lost.
/// </remarks>
internal sealed class SlotTable
{
    /// <summary>About an answer's worth of tokens: less than this of a cache's own tail is not worth a copy.</summary>
    public const int SmallTail = 64;

    private readonly KvSlot[] _slots;
    private readonly int _spare;
    private readonly IKvStreams _streams;
    private readonly Action _copied;
    private readonly int _smallTail;
    private readonly int _cacheReuse;
    private long _clock;

    /// <param name="parallel">Slots; the spare stream has the id after the last slot's.</param>
    /// <param name="copied">Called for each stream copy, for the engine's counters.</param>
    /// <param name="smallTail">Units of a cache the prompt does not share that are cut rather than kept by a copy.</param>
    /// <param name="cacheReuse">Shortest run of cached text found again later in a prompt that is shifted into place (0: none).</param>
    public SlotTable(int parallel, IKvStreams streams, Action copied, int smallTail = SmallTail, int cacheReuse = 0)
    {
        _smallTail = smallTail;
        _cacheReuse = cacheReuse;
        _slots = [.. Enumerable.Range(0, parallel).Select(i => new KvSlot(i))];
        _spare = parallel;
        _streams = streams;
        _copied = copied;
    }

    public IReadOnlyList<KvSlot> Slots => _slots;

    /// <summary>
    /// Gives <paramref name="tenant"/> a slot next to the active ones, holding as much of <paramref name="prompt"/> as
    /// a cache had (never all of it: the last unit is decoded again for its logits).
    /// </summary>
    /// <param name="reuse">False decodes the whole prompt and leaves no cache (<c>cache_prompt: false</c>).</param>
    /// <param name="owner">The conversation the request belongs to: its own slot is preferred and kept for it.</param>
    /// <returns>The slot and how many leading units of the prompt its cells already hold.</returns>
    public (KvSlot Slot, int Kept) Take(ISlotTenant tenant, IReadOnlyList<PromptUnit> prompt, bool reuse, string? owner)
    {
        Compact();
        var free = _slots.Where(s => s.Tenant is null).ToList();
        if (free.Count == 0) throw new InvalidOperationException("Every slot is decoding.");

        var (source, kept) = reuse ? BestCache(free, prompt, owner) : (null, 0);
        var runs = source is null ? [] : Shiftable(source, prompt, kept);
        var target = NextToActive(free, Home(free, source, kept + runs.Sum(r => r.Length)), holdsCache: source is not null);
        kept = runs.Count > 0 ? Rearrange(target, kept, runs) : Trim(target, kept);
        target.Tenant = tenant;
        tenant.Slot = target;
        target.LastUsed = ++_clock;
        foreach (var slot in _slots)
            if (slot.Owner is not null && slot.Owner == owner && slot != target) slot.Owner = null;
        target.Owner = reuse ? owner : null;
        return (target, kept);
    }

    /// <summary>
    /// Whether a prefill for <paramref name="owner"/> can take a slot now: one is free, and the conversation's own slot
    /// is not held by its running turn (a prefill elsewhere would take the conversation's ownership from it).
    /// </summary>
    public bool CanPrefill(string? owner) =>
        _slots.Any(s => s.Tenant is null) && (owner is null || !_slots.Any(s => s.Owner == owner && s.Tenant is not null));

    /// <summary>The request in <paramref name="slot"/> is done; its cells stay as a cache unless <paramref name="keep"/> is false.</summary>
    public void Leave(KvSlot slot, bool keep)
    {
        if (slot.Tenant is null) return;
        slot.Tenant = null;
        slot.LastUsed = ++_clock;
        if (keep) return;
        Clear(slot);
        slot.Owner = null;
    }

    /// <summary>Drops the cells of a slot whose content can no longer be trusted (a media prompt that failed halfway).</summary>
    public void Clear(KvSlot slot)
    {
        _streams.Clear(slot.Id);
        slot.Content.Clear();
    }

    /// <summary>The conversation ended: its slot becomes an ordinary cache, evicted when its turn comes.</summary>
    public void Release(string owner)
    {
        foreach (var slot in _slots)
            if (slot.Owner == owner) slot.Owner = null;
    }

    /// <summary>The context was replaced: every cell is gone.</summary>
    public void Reset()
    {
        foreach (var slot in _slots)
        {
            slot.Content.Clear();
            slot.Tenant = null;
        }
    }

    /// <summary>Brings the active slots onto consecutive ids: the highest moves into the lowest gap, its cache (if any) taking the highest's place.</summary>
    public void Compact()
    {
        while (true)
        {
            var lo = Array.FindIndex(_slots, s => s.Tenant is not null);
            if (lo < 0) return;
            var hi = Array.FindLastIndex(_slots, s => s.Tenant is not null);
            var gap = Array.FindIndex(_slots, lo, hi - lo + 1, s => s.Tenant is null);
            if (gap < 0) return;
            if (_slots[gap].Content.IsEmpty) Move(_slots[hi], _slots[gap]);
            else Swap(_slots[hi], _slots[gap]);
        }
    }

    private (KvSlot? Source, int Kept) BestCache(List<KvSlot> free, IReadOnlyList<PromptUnit> prompt, string? owner)
    {
        var own = owner is null ? null : free.Find(s => s.Owner == owner);
        var (source, common) = own is not null
            ? (own, own.Content.CommonPrefix(prompt))
            : free.Where(s => s.Owner is null)
                .Select(s => (Slot: (KvSlot?)s, Common: s.Content.CommonPrefix(prompt)))
                .OrderByDescending(c => c.Common).ThenBy(c => c.Slot!.LastUsed)
                .FirstOrDefault();
        var kept = Math.Min(common, prompt.Count - 1);
        return kept > 0 ? (source, kept) : (null, 0);
    }

    /// <summary>The cached runs the prompt has again after its common prefix, when shifting is on and the memory allows it.</summary>
    private List<ShiftedRun> Shiftable(KvSlot source, IReadOnlyList<PromptUnit> prompt, int kept) =>
        _cacheReuse > 0 && kept < source.Content.Count && _streams.CanShift ? ShiftedRun.Find(source.Content, prompt, kept, _cacheReuse) : [];

    /// <summary>
    /// The slot whose cells the request grows. A cache is cut in place when what the prompt does not share of it is
    /// small (an answer that tokenizes differently when sent back, a cancelled generation). A cache with a longer tail
    /// of its own (another conversation with the same system prompt) is copied into an empty slot, or into the least
    /// recently used one when that is older than the cache itself; otherwise the cache, being the oldest, is cut.
    /// Without a cache, the least valuable slot is evicted.
    /// </summary>
    /// <param name="shared">Units of the cache the prompt uses (its prefix and the runs shifted after it).</param>
    private KvSlot Home(List<KvSlot> free, KvSlot? source, int shared)
    {
        if (source is null) return free.MinBy(Value)!;
        if (source.Content.Count - shared <= _smallTail) return source;
        var victim = free.Where(s => s != source).MinBy(Value);
        if (victim is null || victim.Owner is not null) return source;
        if (!victim.Content.IsEmpty && victim.LastUsed >= source.LastUsed) return source;
        Duplicate(source, victim);
        return victim;
    }

    /// <summary>
    /// Brings <paramref name="home"/> next to the active slots: moved into the least valuable adjacent free slot, or
    /// swapped with it when both hold a cache worth keeping (<paramref name="holdsCache"/>: false when home's cells are
    /// being evicted, so the adjacent slot's cache just moves over them).
    /// </summary>
    private KvSlot NextToActive(List<KvSlot> free, KvSlot home, bool holdsCache)
    {
        if (IsAdjacentToActive(home)) return home;
        var target = free.Where(IsAdjacentToActive).MinBy(Value)!;
        if (target.Content.IsEmpty)
        {
            if (holdsCache) Move(home, target);
        }
        else if (holdsCache) Swap(home, target);
        else Move(target, home);
        return target;
    }

    private bool IsAdjacentToActive(KvSlot slot)
    {
        if (!_slots.Any(s => s.Tenant is not null)) return true;
        return (slot.Id > 0 && _slots[slot.Id - 1].Tenant is not null)
            || (slot.Id + 1 < _slots.Length && _slots[slot.Id + 1].Tenant is not null);
    }

    /// <summary>Eviction order: empty slots first, then caches nobody owns, oldest first.</summary>
    private static (int, int, long) Value(KvSlot slot) => (slot.Content.IsEmpty ? 0 : 1, slot.Owner is null ? 0 : 1, slot.LastUsed);

    /// <summary>
    /// Keeps the first <paramref name="kept"/> units, moves each run back to follow what is kept before it (removing
    /// the stretch between), and removes the rest: a conversation whose oldest turns were dropped keeps its later ones.
    /// </summary>
    /// <returns>The prompt's units the cells now hold.</returns>
    private int Rearrange(KvSlot slot, int kept, List<ShiftedRun> runs)
    {
        var next = slot.Content.PositionOf(kept);
        foreach (var run in runs)
        {
            var from = slot.Content.PositionOf(run.CacheIndex);
            _streams.Remove(slot.Id, next, from);
            _streams.Shift(slot.Id, from, from + run.Length, next - from);
            next += run.Length;
        }
        if (!_streams.RemoveFrom(slot.Id, next))
        {
            Clear(slot);
            return 0;
        }
        slot.Content.Rearrange(kept, runs);
        return kept + runs.Sum(r => r.Length);
    }

    /// <summary>Keeps the first <paramref name="kept"/> units of the slot's cells and removes the rest.</summary>
    /// <returns>The units kept: 0 when the memory could not cut at that position.</returns>
    private int Trim(KvSlot slot, int kept)
    {
        if (kept >= slot.Content.Count) return kept;
        if (kept > 0 && _streams.RemoveFrom(slot.Id, slot.Content.PositionOf(kept)))
        {
            slot.Content.Truncate(kept);
            return kept;
        }
        if (!slot.Content.IsEmpty) Clear(slot);
        return 0;
    }

    private void Move(KvSlot from, KvSlot to)
    {
        Copy(from.Id, to.Id);
        _streams.Clear(from.Id);
        to.Content.CopyFrom(from.Content);
        (to.Owner, to.LastUsed, to.Tenant) = (from.Owner, from.LastUsed, from.Tenant);
        if (to.Tenant is not null) to.Tenant.Slot = to;
        from.Content.Clear();
        (from.Owner, from.Tenant) = (null, null);
    }

    /// <summary>A copy of a free slot's cache for a request to grow, leaving the original for whoever it belongs to.</summary>
    private void Duplicate(KvSlot from, KvSlot to)
    {
        Copy(from.Id, to.Id);
        to.Content.CopyFrom(from.Content);
        (to.Owner, to.LastUsed) = (null, from.LastUsed);
    }

    private void Swap(KvSlot a, KvSlot b)
    {
        Copy(a.Id, _spare);
        Copy(b.Id, a.Id);
        Copy(_spare, b.Id);
        _streams.Clear(_spare);
        var held = new SlotContent();
        held.CopyFrom(a.Content);
        a.Content.CopyFrom(b.Content);
        b.Content.CopyFrom(held);
        (a.Owner, b.Owner) = (b.Owner, a.Owner);
        (a.LastUsed, b.LastUsed) = (b.LastUsed, a.LastUsed);
        (a.Tenant, b.Tenant) = (b.Tenant, a.Tenant);
        if (a.Tenant is not null) a.Tenant.Slot = a;
        if (b.Tenant is not null) b.Tenant.Slot = b;
    }

    private void Copy(int source, int destination)
    {
        _streams.Copy(source, destination);
        _copied();
    }
}
