using System.Text;
using LLama;
using LLama.Native;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Prompting;

/// <summary>
/// Refuses a prompt that cannot fit the context before it is tokenized. Tokenizing costs time and memory in
/// proportion to the text (a 20 MB message is five million tokens and about a minute of a core), so a prompt is
/// measured in bytes first: no token stands for more bytes than the vocabulary's longest piece, so a prompt longer
/// than that many bytes per context position has more tokens than the context holds, whatever its text.
/// </summary>
internal sealed class PromptLengthBound
{
    private readonly int _contextSize;
    private readonly long _maxBytes;

    private PromptLengthBound(int contextSize, int longestPieceBytes)
    {
        _contextSize = contextSize;
        LongestPieceBytes = longestPieceBytes;
        _maxBytes = (long)contextSize * longestPieceBytes;
    }

    /// <summary>The most bytes of text one token of this vocabulary stands for, special tokens included.</summary>
    public int LongestPieceBytes { get; }

    public static PromptLengthBound For(LLamaWeights weights, int contextSize)
    {
        var vocab = weights.NativeHandle.Vocab;
        Span<byte> piece = stackalloc byte[1024];
        var longest = 1;
        for (var id = 0; id < vocab.Count; id++)
        {
            // The size a piece needs is returned even when it does not fit the buffer.
            var length = (long)weights.NativeHandle.TokenToSpan((LLamaToken)id, piece, 0, special: true);
            longest = (int)Math.Max(longest, Math.Min(length, int.MaxValue));
        }
        return new PromptLengthBound(contextSize, longest);
    }

    /// <exception cref="ContextLengthExceededException">The prompt has more bytes than the context's tokens can spell.</exception>
    public void ThrowIfCertainlyTooLong(string prompt)
    {
        // Cheap pre-check in chars: UTF-8 has at least one byte per char, at most three per UTF-16 char.
        if (prompt.Length <= _maxBytes / 3) return;
        var bytes = Encoding.UTF8.GetByteCount(prompt);
        if (bytes > _maxBytes)
            throw new ContextLengthExceededException((int)Math.Min(bytes / LongestPieceBytes, int.MaxValue), _contextSize, atLeast: true);
    }
}
