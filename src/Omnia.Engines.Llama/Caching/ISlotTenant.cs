namespace Omnia.Engines.Llama.Caching;

/// <summary>A request decoding in a slot; the table tells it when its cells move to another sequence.</summary>
internal interface ISlotTenant
{
    KvSlot Slot { get; set; }
}
