using LLama.Native;

namespace Omnia.Engines.Llama.Caching;

/// <summary>The slot table's stream operations on the decode loop's current context (replaced after a failed decode).</summary>
internal sealed class ContextStreams(Func<SafeLLamaContextHandle> context) : IKvStreams
{
    public bool CanShift => context().MemoryCanShift;

    public void Copy(int source, int destination) => context().MemorySequenceCopy((LLamaSeqId)source, (LLamaSeqId)destination, -1, -1);

    /// <summary>Checked afterwards: a memory that cannot cut mid-sequence (recurrent state) keeps later positions.</summary>
    public bool RemoveFrom(int sequence, int fromPosition)
    {
        var native = context();
        native.MemorySequenceRemove((LLamaSeqId)sequence, fromPosition, -1);
        return native.MemorySequenceMaxPosition((LLamaSeqId)sequence).Value < fromPosition;
    }

    public void Remove(int sequence, int from, int to) => context().MemorySequenceRemove((LLamaSeqId)sequence, from, to);

    public void Shift(int sequence, int from, int to, int delta) => context().MemorySequenceAdd((LLamaSeqId)sequence, from, to, delta);

    public void Clear(int sequence) => context().MemorySequenceRemove((LLamaSeqId)sequence, -1, -1);
}
