using Omnia.Engines.Llama.Caching;

namespace Omnia.Engines.Llama.Tests.Caching;

/// <summary>A fake request occupying a slot, standing in for the loop's active generation.</summary>
internal sealed class FakeTenant : ISlotTenant
{
    public KvSlot Slot { get; set; } = null!;
}
