using System.Buffers.Binary;

namespace Omnia.Engines.Classic.NGram;

/// <summary>
/// One level above the unigrams of a <see cref="TrieLanguageModel"/>: a bit-packed array of entries, each a word id,
/// then (middle levels) a 16-bit backoff code, a 16-bit probability code and the index where the entry's children
/// start in the next level, or (the last level) a 16-bit probability code only.
/// </summary>
/// <remarks>
/// Bits are packed least significant first: a field at bit offset <c>o</c> is the little-endian 32-bit word at byte
/// <c>o / 8</c>, shifted right by <c>o % 8</c> and masked (sphinxbase's <c>bitarr_read_int25</c>), so a field is at most
/// 25 bits. The table is followed by one sentinel entry whose child index ends the last entry's children, and 8 bytes
/// of padding so reading 4 bytes at the last field stays inside it. Read-only after construction.
/// </remarks>
internal sealed class BitPackedTrieLevel
{
    /// <summary>The bits of each quantized value (sphinxbase's <c>lm_trie_quant</c> is fixed at 16).</summary>
    public const int QuantBits = 16;

    private readonly byte[] _bytes;
    private readonly int _start;
    private readonly int _wordBits;
    private readonly uint _wordMask;
    private readonly int _childBits;
    private readonly uint _childMask;
    private readonly int _entryBits;
    private readonly float[] _log10Probabilities;
    private readonly float[]? _log10Backoffs;

    private BitPackedTrieLevel(byte[] bytes, int start, int entries, int wordBits, int childBits, float[] log10Probabilities, float[]? log10Backoffs)
    {
        _bytes = bytes;
        _start = start;
        Entries = entries;
        _wordBits = wordBits;
        _wordMask = (1u << wordBits) - 1;
        _childBits = childBits;
        _childMask = childBits == 0 ? 0 : (uint)((1ul << childBits) - 1);
        _log10Probabilities = log10Probabilities;
        _log10Backoffs = log10Backoffs;
        _entryBits = wordBits + (log10Backoffs is null ? QuantBits : 2 * QuantBits + childBits);
    }

    /// <summary>How many entries the level has (without the sentinel).</summary>
    public int Entries { get; }

    /// <summary>The bytes a level of <paramref name="entries"/> takes in the file (sphinxbase's <c>base_size</c>).</summary>
    public static long SizeInBytes(long entries, int wordBits, bool middle, int childBits) =>
        ((1 + entries) * (wordBits + (middle ? 2 * QuantBits + childBits : QuantBits)) + 7) / 8 + sizeof(ulong);

    /// <summary>A middle level: entries point at their children in the next level.</summary>
    public static BitPackedTrieLevel Middle(byte[] bytes, int start, int entries, int wordBits, int childBits, float[] log10Probabilities, float[] log10Backoffs) =>
        new(bytes, start, entries, wordBits, childBits, log10Probabilities, log10Backoffs);

    /// <summary>The last level: the longest n-grams, which have no backoff and no children.</summary>
    public static BitPackedTrieLevel Longest(byte[] bytes, int start, int entries, int wordBits, float[] log10Probabilities) =>
        new(bytes, start, entries, wordBits, 0, log10Probabilities, null);

    /// <summary>The entry of <paramref name="word"/> among the entries [<paramref name="begin"/>, <paramref name="end"/>)
    /// (one node's children, sorted by word id), or -1.</summary>
    public int Find(uint begin, uint end, int word)
    {
        // Binary search; sphinxbase interpolates, which finds the same entry since the ids are sorted and unique.
        long low = begin, high = (long)Math.Min(end, (uint)Entries) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var id = Read(middle * _entryBits, _wordMask);
            if (id < word)
            {
                low = middle + 1;
            }
            else if (id > word)
            {
                high = middle - 1;
            }
            else
            {
                return (int)middle;
            }
        }
        return -1;
    }

    /// <summary>The word id of <paramref name="entry"/>.</summary>
    public int WordAt(int entry) => (int)Read((long)entry * _entryBits, _wordMask);

    /// <summary>The log10 probability of the n-gram <paramref name="entry"/> ends.</summary>
    public float Log10Probability(int entry)
    {
        var offset = (long)entry * _entryBits + _wordBits + (_log10Backoffs is null ? 0 : QuantBits);
        return _log10Probabilities[Read(offset, 0xFFFF)];
    }

    /// <summary>The log10 backoff weight of the n-gram <paramref name="entry"/> ends (0 on the last level).</summary>
    public float Log10Backoff(int entry) =>
        _log10Backoffs is null ? 0f : _log10Backoffs[Read((long)entry * _entryBits + _wordBits, 0xFFFF)];

    /// <summary>Where the children of <paramref name="entry"/> are in the next level: [begin, end).</summary>
    public (uint Begin, uint End) Children(int entry)
    {
        var offset = (long)entry * _entryBits + _wordBits + 2 * QuantBits;
        return (Read(offset, _childMask), Read(offset + _entryBits, _childMask));
    }

    private uint Read(long bitOffset, uint mask) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(_start + (int)(bitOffset >>> 3), sizeof(uint))) >>> (int)(bitOffset & 7)) & mask;
}
