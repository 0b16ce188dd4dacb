using System.Text;
using LLama;
using LLama.Native;
using Microsoft.Extensions.AI;
using Omnia.Engines.Llama.Multimodal;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Prompting;

/// <summary>
/// Renders chat messages through the model's own chat template (llama.cpp's template engine; ChatML when the GGUF has
/// none). Tool signatures, calls and results are written in <see cref="ToolCallFormat"/>. Images and audio the
/// projector takes become its media marker, in place, and are collected in order for libmtmd. An earlier answer the
/// model generated is prompted as its own tokens (<see cref="GeneratedAnswers"/>).
/// </summary>
internal sealed class ChatPromptRenderer(LLamaWeights weights, string? templateOverride, MediaSupport media, GeneratedAnswers? answers)
{
    /// <summary>What an answer is rendered as until it is spliced: private-use characters around a random id no client text has.</summary>
    private readonly string _answerMarker = "\uE000" + Guid.NewGuid().ToString("N");

    private readonly Lazy<bool> _addsSpacePrefix = new(() =>
    {
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        decoder.AddRange(weights.Tokenize("a", add_bos: false, special: false, Encoding.UTF8));
        return decoder.Read() != "a";
    });

    /// <summary>The template text in use, or null when llama.cpp falls back to ChatML.</summary>
    public string? TemplateText { get; } = templateOverride ?? weights.NativeHandle.GetTemplate(null, strict: false);

    /// <summary>Whether the template was written for tools (it mentions them), as Qwen2.5's and Hermes' are.</summary>
    public bool SupportsTools => TemplateText?.Contains("tools", StringComparison.Ordinal) == true;

    /// <summary>The marker standing for one image or sound in rendered text (empty without a projector).</summary>
    public string MediaMarker => media.Marker;

    /// <param name="mediaParts">Receives the images and audio the rendered text has a marker for, in order.</param>
    public RenderedPrompt Render(IEnumerable<ChatMessage> messages, IReadOnlyList<AIFunctionDeclaration> tools, List<DataContent> mediaParts)
    {
        var template = new LLamaTemplate(TemplateText) { AddAssistant = true };
        var list = messages.ToList();
        var spliced = new List<SplicedAnswer>();
        var toolPrompt = tools.Count > 0 ? ToolCallFormat.SystemPrompt(tools) : null;

        if (toolPrompt is not null && (list.Count == 0 || list[0].Role != ChatRole.System))
            template.Add("system", toolPrompt);

        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i];
            var content = Content(message, mediaParts);
            if (i == 0 && message.Role == ChatRole.System && toolPrompt is not null)
                content = content.Length == 0 ? toolPrompt : content + "\n\n" + toolPrompt;
            if (answers is not null && message.Role == ChatRole.Assistant && answers.TryGet(content, out var tokens))
            {
                var marker = $"{_answerMarker}-{spliced.Count}\uE001";
                spliced.Add(new SplicedAnswer(marker, content, tokens));
                content = marker;
            }
            template.Add(RoleName(message.Role), content);
        }

        var marked = Encoding.UTF8.GetString(template.Apply());
        if (spliced.Count == 0) return RenderedPrompt.Plain(marked);
        var text = marked;
        foreach (var answer in spliced) text = text.Replace(answer.Marker, answer.Text, StringComparison.Ordinal);
        return new RenderedPrompt(text, marked, spliced);
    }

    private static string RoleName(ChatRole role) =>
        role == ChatRole.Tool ? "user" : role.Value;

    private string Content(ChatMessage message, List<DataContent> mediaParts)
    {
        var builder = new StringBuilder();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    builder.Append(text.Text);
                    break;
                case FunctionCallContent call:
                    if (builder.Length > 0) builder.Append('\n');
                    builder.Append(ToolCallFormat.Call(call));
                    break;
                case FunctionResultContent result:
                    if (builder.Length > 0) builder.Append('\n');
                    builder.Append(ToolCallFormat.Response(result));
                    break;
                case DataContent data when (media.Vision && data.HasTopLevelMediaType("image")) || (media.Audio && data.HasTopLevelMediaType("audio")):
                    builder.Append(media.Marker);
                    mediaParts.Add(data);
                    break;
                case DataContent or UriContent when !media.Vision && !media.Audio:
                    throw new InvalidRequestException(
                        $"This model takes text only; it cannot read {MediaKind(content)} input.", "messages", "unsupported_content");
                case DataContent or UriContent:
                    throw new InvalidRequestException(
                        $"This model's projector has no encoder for {MediaKind(content)} input (it takes {Takes()}).", "messages", "unsupported_content");
                default:
                    break;
            }
        }
        return builder.ToString();
    }

    private string Takes() => media.Vision && media.Audio ? "images and audio as data" : media.Vision ? "images as data" : "audio as data";

    private static string MediaKind(AIContent content) => content switch
    {
        DataContent d when d.HasTopLevelMediaType("image") => "image",
        DataContent d when d.HasTopLevelMediaType("audio") => "audio",
        UriContent u when u.HasTopLevelMediaType("image") => "image",
        UriContent u when u.HasTopLevelMediaType("audio") => "audio",
        _ => "media",
    };

    public LLamaToken[] Tokenize(string prompt) =>
        weights.Tokenize(prompt, add_bos: true, special: true, Encoding.UTF8);

    /// <summary>
    /// The prompt's tokens with each earlier answer as the tokens it was generated as, the text around them tokenized
    /// piece by piece. When a piece would be spelled otherwise alone than in place, an answer's tokens do not spell its
    /// text, or the template dropped an answer, the whole text is tokenized instead.
    /// </summary>
    public LLamaToken[] Tokenize(RenderedPrompt prompt)
    {
        if (prompt.Answers.Count == 0) return Tokenize(prompt.Text);
        var tokens = new List<LLamaToken>();
        var from = 0;
        foreach (var answer in prompt.Answers)
        {
            var at = prompt.Marked.IndexOf(answer.Marker, from, StringComparison.Ordinal);
            if (at < 0 || Spelled(answer.Tokens) != answer.Text) return Tokenize(prompt.Text);
            // The first piece starts the prompt exactly as the whole text's tokenizing would (its BOS included).
            var piece = prompt.Marked[from..at];
            if (from == 0) tokens.AddRange(Tokenize(piece));
            else if (!TryAddPiece(tokens, piece)) return Tokenize(prompt.Text);
            tokens.AddRange(answer.Tokens);
            from = at + answer.Marker.Length;
        }
        return TryAddPiece(tokens, prompt.Marked[from..]) ? [.. tokens] : Tokenize(prompt.Text);
    }

    /// <summary>
    /// A tokenizer that puts a space before the text at the start of a call (SentencePiece's dummy prefix) spells a
    /// piece that starts with text differently alone than in place; one that starts with a control token (ChatML's
    /// <c>&lt;|im_end|&gt;</c> after an answer) the same.
    /// </summary>
    private bool TryAddPiece(List<LLamaToken> tokens, string piece)
    {
        var pieceTokens = weights.Tokenize(piece, add_bos: false, special: true, Encoding.UTF8);
        if (pieceTokens.Length > 0 && _addsSpacePrefix.Value && !pieceTokens[0].IsControl(weights.NativeHandle.Vocab)) return false;
        tokens.AddRange(pieceTokens);
        return true;
    }

    /// <summary>The text an answer's tokens were sent as (control tokens spell nothing, as when generated).</summary>
    private string Spelled(LLamaToken[] tokens)
    {
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        decoder.AddRange(tokens);
        return decoder.Read();
    }
}
