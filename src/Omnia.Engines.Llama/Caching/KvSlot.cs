namespace Omnia.Engines.Llama.Caching;

/// <summary>
/// One KV sequence of the context: what its cells hold, whether a request is decoding in it, when it was last used,
/// and the conversation that owns it between turns.
/// </summary>
internal sealed class KvSlot(int id)
{
    public int Id { get; } = id;

    public SlotContent Content { get; } = new();

    /// <summary>The request decoding in this sequence now; null while the slot only keeps a cache.</summary>
    public ISlotTenant? Tenant { get; set; }

    /// <summary>The slot table's clock when the slot was last taken or left; the oldest is evicted first.</summary>
    public long LastUsed { get; set; }

    /// <summary>A conversation (realtime session, Responses chain) keeping this cache for its next turn; null for none.</summary>
    public string? Owner { get; set; }
}
