using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Text;

namespace Omnia.Engines.Classic.NGram;

/// <summary>
/// An n-gram language model in CMU Sphinx's binary trie format (<c>"Trie Language Model"</c>, written by sphinxbase's
/// <c>ngram_model_trie_write_bin</c>; Debian's <c>/usr/share/pocketsphinx/model/en-us/en-us.lm.bin</c> is one): log10
/// probabilities and backoff weights, word ids, and <see cref="Log10Probability"/> with Katz backoff.
/// </summary>
/// <remarks>
/// <para>The layout (all little-endian), as sphinxbase 5prealpha writes it:</para>
/// <list type="number">
/// <item>the 19 ASCII bytes <c>Trie Language Model</c>, no terminator; a byte, the order N; N uint32 n-gram counts
/// (the trie's entries per order, which include the lower-order entries sphinxbase adds so every n-gram is reachable);</item>
/// <item>an int32 (once the quantization type, always 1), then the quantization tables, 65,536 float32 each: for each
/// middle order 2..N-1 its probabilities then its backoffs, then the probabilities of order N;</item>
/// <item>count[0] + 1 unigrams of {float32 probability, float32 backoff, uint32 first child}: the last one a sentinel
/// whose first child ends the previous unigram's children;</item>
/// <item>one <see cref="BitPackedTrieLevel"/> per order 2..N;</item>
/// <item>an int32 byte count, then the words, each NUL-terminated, in word id order.</item>
/// </list>
/// <para>The trie is reversed (as KenLM's): a path starts at the predicted word's unigram and goes back through its
/// history, the newest word first, so the entry for "a b c" is c → b → a and holds P(c | a b) and the backoff of
/// "a b c". Scores are stored as sphinxbase's log-floats, natural logarithms in base 1.0001 (the base
/// <c>sphinx_lm_convert</c> and pocketsphinx use): log10 p = stored × log10(1.0001).</para>
/// <para>The file is read once into memory (27 MB for en-us) and never changed after; every method is thread-safe.</para>
/// </remarks>
public sealed class TrieLanguageModel
{
    /// <summary>The header that starts the format.</summary>
    public const string Header = "Trie Language Model";

    /// <summary>The log base of sphinxbase's stored scores.</summary>
    public const double LogBase = 1.0001;

    /// <summary>The end-of-sentence word.</summary>
    public const string SentenceEnd = "</s>";

    /// <summary>The start-of-sentence word (a history only, never predicted).</summary>
    public const string SentenceStart = "<s>";

    private const int QuantTableSize = 1 << BitPackedTrieLevel.QuantBits;
    private const int MaxOrder = 6;
    private const int MaxFieldBits = 25;
    private const int UnigramSize = 3 * sizeof(uint);

    private readonly float[] _unigramLog10Probabilities;
    private readonly float[] _unigramLog10Backoffs;
    private readonly uint[] _unigramChildren;
    private readonly BitPackedTrieLevel[] _levels;
    private readonly string[] _words;
    private readonly FrozenDictionary<string, int> _ids;

    private TrieLanguageModel(int[] counts, float[] unigramLog10Probabilities, float[] unigramLog10Backoffs, uint[] unigramChildren,
        BitPackedTrieLevel[] levels, string[] words)
    {
        Counts = counts;
        _unigramLog10Probabilities = unigramLog10Probabilities;
        _unigramLog10Backoffs = unigramLog10Backoffs;
        _unigramChildren = unigramChildren;
        _levels = levels;
        _words = words;
        var ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            ids.TryAdd(words[i], i); // sphinxbase keeps the first of duplicates too
        }
        _ids = ids.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The n-gram order N (3 for en-us).</summary>
    public int Order => Counts.Count;

    /// <summary>The trie's entries of each order, unigrams first.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>How many words the model knows.</summary>
    public int VocabularySize => _words.Length;

    /// <summary>Reads a model from a file.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed trie language model.</exception>
    public static TrieLanguageModel Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Reads a model from the bytes of a file (kept: the n-gram levels are read from them in place).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed trie language model.</exception>
    public static TrieLanguageModel Parse(byte[] bytes)
    {
        var reader = new Cursor(bytes);
        if (bytes.Length < Header.Length || Encoding.ASCII.GetString(bytes, 0, Header.Length) != Header)
        {
            throw new InvalidDataException($"Not a CMU Sphinx trie language model: it does not start with \"{Header}\".");
        }
        reader.Skip(Header.Length);
        int order = reader.Byte();
        if (order is < 2 or > MaxOrder)
        {
            throw new InvalidDataException($"A trie language model of order {order} is not supported (2 to {MaxOrder}).");
        }
        var counts = new int[order];
        for (var i = 0; i < order; i++)
        {
            // Ids and child indexes are read as fields of at most 25 bits (as sphinxbase does, which refuses more).
            var count = reader.UInt32();
            if (count is 0 or >= 1u << MaxFieldBits)
            {
                throw new InvalidDataException($"The {i + 1}-gram count {count} is out of range (1 to {(1 << MaxFieldBits) - 1}).");
            }
            counts[i] = (int)count;
        }
        var wordBits = RequiredBits((uint)counts[0]);

        reader.Skip(sizeof(int)); // the former quantization type
        var middleProbabilities = new float[order - 2][];
        var middleBackoffs = new float[order - 2][];
        for (var i = 0; i < order - 2; i++)
        {
            middleProbabilities[i] = reader.Log10Table(QuantTableSize);
            middleBackoffs[i] = reader.Log10Table(QuantTableSize);
        }
        var longestProbabilities = reader.Log10Table(QuantTableSize);

        var unigrams = counts[0] + 1;
        reader.Require((long)unigrams * UnigramSize); // before allocating what a broken header claims
        var probabilities = new float[unigrams];
        var backoffs = new float[unigrams];
        var children = new uint[unigrams];
        for (var i = 0; i < unigrams; i++)
        {
            probabilities[i] = reader.Log10Float();
            backoffs[i] = reader.Log10Float();
            children[i] = reader.UInt32();
        }

        var levels = new BitPackedTrieLevel[order - 1];
        for (var i = 0; i < order - 1; i++)
        {
            var entries = counts[i + 1];
            var middle = i < order - 2;
            var childBits = middle ? RequiredBits((uint)counts[i + 2]) : 0;
            var start = reader.Skip(BitPackedTrieLevel.SizeInBytes(entries, wordBits, middle, childBits));
            levels[i] = middle
                ? BitPackedTrieLevel.Middle(bytes, start, entries, wordBits, childBits, middleProbabilities[i], middleBackoffs[i])
                : BitPackedTrieLevel.Longest(bytes, start, entries, wordBits, longestProbabilities);
        }

        var wordBytes = reader.UInt32();
        var wordsStart = reader.Skip(wordBytes);
        var words = Encoding.UTF8.GetString(bytes, wordsStart, (int)wordBytes).Split('\0');
        if (words.Length != counts[0] + 1 || words[^1].Length != 0)
        {
            throw new InvalidDataException($"The word table holds {words.Length - 1} NUL-terminated words where the header counts {counts[0]}.");
        }
        if (reader.Position != bytes.Length)
        {
            throw new InvalidDataException($"{bytes.Length - reader.Position} bytes follow the word table.");
        }
        return new TrieLanguageModel(counts, probabilities, backoffs, children, levels, words[..^1]);
    }

    /// <summary>The id of <paramref name="word"/> (case-sensitive, as the model spells it), or -1 when it is unknown.</summary>
    public int WordId(string word) => _ids.TryGetValue(word, out var id) ? id : -1;

    /// <summary>The word with id <paramref name="id"/>.</summary>
    public string Word(int id) => _words[CheckId(id)];

    /// <summary>The unigram log10 probability of word <paramref name="id"/>.</summary>
    public double UnigramLog10Probability(int id) => _unigramLog10Probabilities[CheckId(id)];

    /// <summary>The unigram log10 backoff weight of word <paramref name="id"/>.</summary>
    public double UnigramLog10Backoff(int id) => _unigramLog10Backoffs[CheckId(id)];

    /// <summary>
    /// log10 P(<paramref name="word"/> | <paramref name="history"/>) with Katz backoff: the longest n-gram the model
    /// has for the word and the end of the history gives the probability, and each longer history that was not
    /// matched adds its backoff weight (0 when the model lacks that history).
    /// </summary>
    /// <param name="word">The predicted word's id.</param>
    /// <param name="history">The preceding word ids, oldest first; only the last <see cref="Order"/> - 1 count.
    /// A negative id (an unknown word) cuts the history there.</param>
    public double Log10Probability(int word, ReadOnlySpan<int> history)
    {
        CheckId(word);
        history = UsableHistory(history);

        // Walk back from the word through its history, newest word first, as far as the trie has the n-gram.
        double log10 = _unigramLog10Probabilities[word];
        var (begin, end) = (_unigramChildren[word], _unigramChildren[word + 1]);
        var matched = 0;
        for (var level = 0; level < history.Length && begin < end; level++)
        {
            var entry = _levels[level].Find(begin, end, history[^(level + 1)]);
            if (entry < 0)
            {
                break;
            }
            log10 = _levels[level].Log10Probability(entry);
            matched = level + 1;
            if (level < _levels.Length - 1)
            {
                (begin, end) = _levels[level].Children(entry);
            }
        }
        // Every history longer than the one matched backs off: add its weight.
        for (var length = matched + 1; length <= history.Length; length++)
        {
            log10 += Log10Backoff(history[^length..]);
        }
        return log10;
    }

    /// <summary>The log10 backoff weight of the n-gram <paramref name="ngram"/> (word ids, oldest first), 0 when the
    /// model does not have it.</summary>
    public double Log10Backoff(ReadOnlySpan<int> ngram)
    {
        if (ngram.IsEmpty || ngram.Length >= Order)
        {
            return 0;
        }
        var last = CheckId(ngram[^1]);
        if (ngram.Length == 1)
        {
            return _unigramLog10Backoffs[last];
        }
        var (begin, end) = (_unigramChildren[last], _unigramChildren[last + 1]);
        var entry = -1;
        for (var level = 0; level < ngram.Length - 1; level++)
        {
            entry = _levels[level].Find(begin, end, ngram[^(level + 2)]);
            if (entry < 0)
            {
                return 0;
            }
            (begin, end) = _levels[level].Children(entry);
        }
        return _levels[ngram.Length - 2].Log10Backoff(entry);
    }

    private ReadOnlySpan<int> UsableHistory(ReadOnlySpan<int> history)
    {
        if (history.Length > Order - 1)
        {
            history = history[^(Order - 1)..];
        }
        var unknown = history.LastIndexOfAnyExceptInRange(0, _words.Length - 1);
        return unknown < 0 ? history : history[(unknown + 1)..];
    }

    private int CheckId(int id) =>
        (uint)id < (uint)_words.Length ? id : throw new ArgumentOutOfRangeException(nameof(id), id, $"Word ids are 0 to {_words.Length - 1}.");

    private static int RequiredBits(uint max) => max == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount(max);

    /// <summary>Reads the fixed-size parts in order, checking each against the end of the file.</summary>
    private sealed class Cursor(byte[] bytes)
    {
        private static readonly float Log10OfBase = (float)Math.Log10(LogBase);

        public int Position { get; private set; }

        public void Require(long count)
        {
            if (count < 0 || Position + count > bytes.Length)
            {
                throw new InvalidDataException($"The file ends at byte {bytes.Length}, inside a part that needs {count} bytes from byte {Position}.");
            }
        }

        public int Skip(long count)
        {
            Require(count);
            var start = Position;
            Position += (int)count;
            return start;
        }

        public byte Byte() => bytes[Skip(1)];

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Skip(sizeof(uint))));

        public float Log10Float() => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(Skip(sizeof(float)))) * Log10OfBase;

        public float[] Log10Table(int length)
        {
            var table = new float[length];
            for (var i = 0; i < length; i++)
            {
                table[i] = Log10Float();
            }
            return table;
        }
    }
}
