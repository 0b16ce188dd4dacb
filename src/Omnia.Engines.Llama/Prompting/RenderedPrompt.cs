using LLama.Native;

namespace Omnia.Engines.Llama.Prompting;

/// <summary>
/// A chat rendered through its template. <see cref="Text"/> is the prompt; in <see cref="Marked"/> each answer found
/// in <see cref="GeneratedAnswers"/> stands as its marker, so the text between answers is tokenized and the answers'
/// own tokens are spliced in.
/// </summary>
internal sealed record RenderedPrompt(string Text, string Marked, IReadOnlyList<SplicedAnswer> Answers)
{
    public static RenderedPrompt Plain(string text) => new(text, text, []);
}

/// <summary>An earlier answer in the history: the marker it is rendered as, its text and the tokens it was generated as.</summary>
internal sealed record SplicedAnswer(string Marker, string Text, LLamaToken[] Tokens);
