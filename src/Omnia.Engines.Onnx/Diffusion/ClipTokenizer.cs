using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>
/// CLIP's byte-level BPE, read from a Hugging Face <c>vocab.json</c> and <c>merges.txt</c>: text is cleaned (runs of
/// white space to one space, lower case), split by CLIP's pattern, each piece's UTF-8 bytes mapped to GPT-2's printable
/// characters, <c>&lt;/w&gt;</c> appended to its last character, and merges applied lowest rank first. The ids are
/// wrapped in start and end tokens and padded to <see cref="MaxLength"/>; a longer prompt is cut (the text encoder has
/// 77 positions) and says so.
/// </summary>
/// <remarks>
/// Thread-safe: requests tokenize concurrently. Microsoft.ML.Tokenizers 3.0's BPE takes an end-of-word suffix but neither CLIP's split pattern nor the byte-to-character
/// map, so this small tokenizer does the three things CLIP's reference tokenizer does (ftfy's repairs aside).
/// </remarks>
internal sealed partial class ClipTokenizer
{
    public const int MaxLength = 77;
    private const string EndOfWord = "</w>";

    private readonly Dictionary<string, int> vocabulary;
    private readonly Dictionary<(string, string), int> mergeRanks = [];
    /// <summary>Merged pieces by word; requests tokenize on their own threads, and the cache stops growing at <see cref="CacheLimit"/> words.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> cache = new(StringComparer.Ordinal);
    private const int CacheLimit = 10_000;
    private static readonly char[] ByteCharacters = BuildByteCharacters();

    public ClipTokenizer(string vocabularyPath, string mergesPath, string? padToken = null)
    {
        using (var stream = File.OpenRead(vocabularyPath))
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                ?? throw new InvalidDataException($"{vocabularyPath} is not a JSON object of token ids.");
        }
        var rank = 0;
        foreach (var line in File.ReadLines(mergesPath))
        {
            if (line.StartsWith("#version", StringComparison.Ordinal) || line.Length == 0) continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) throw new InvalidDataException($"{mergesPath}: '{line}' is not a merge of two symbols.");
            mergeRanks.TryAdd((line[..space], line[(space + 1)..]), rank++);
        }
        StartId = Id("<|startoftext|>", vocabularyPath);
        EndId = Id("<|endoftext|>", vocabularyPath);
        PadId = padToken is null ? EndId : Id(padToken, vocabularyPath);
    }

    public int StartId { get; }

    public int EndId { get; }

    public int PadId { get; }

    /// <summary>The prompt as <see cref="MaxLength"/> ids; <c>Truncated</c> says how many of its tokens did not fit.</summary>
    public (int[] Ids, int Dropped) Encode(string text)
    {
        var tokens = new List<int>();
        foreach (Match match in Pieces().Matches(Clean(text)))
        {
            foreach (var symbol in Merge(match.Value))
            {
                tokens.Add(vocabulary.TryGetValue(symbol, out var id) ? id : EndId);
            }
        }
        var kept = Math.Min(tokens.Count, MaxLength - 2);
        var ids = new int[MaxLength];
        Array.Fill(ids, PadId);
        ids[0] = StartId;
        tokens.CopyTo(0, ids, 1, kept);
        ids[kept + 1] = EndId;
        return (ids, tokens.Count - kept);
    }

    private string[] Merge(string piece)
    {
        if (cache.TryGetValue(piece, out var known)) return known;
        var bytes = Encoding.UTF8.GetBytes(piece);
        var symbols = bytes.Select(b => ByteCharacters[b].ToString()).ToList();
        symbols[^1] += EndOfWord;
        while (symbols.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (mergeRanks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    (best, bestRank) = (i, rank);
                }
            }
            if (best < 0) break;
            var (left, right) = (symbols[best], symbols[best + 1]);
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (symbols[i] == left && symbols[i + 1] == right)
                {
                    symbols[i] = left + right;
                    symbols.RemoveAt(i + 1);
                }
            }
        }
        var merged = symbols.ToArray();
        if (cache.Count < CacheLimit) cache.TryAdd(piece, merged);
        return merged;
    }

    private int Id(string token, string vocabularyPath) =>
        vocabulary.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"{vocabularyPath} has no '{token}' token.");

    private static string Clean(string text) => Whitespace().Replace(text, " ").Trim().ToLowerInvariant();

    /// <summary>GPT-2's map from bytes to printable characters: printable Latin-1 stays, the rest moves past U+0100.</summary>
    private static char[] BuildByteCharacters()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex Pieces();
}
