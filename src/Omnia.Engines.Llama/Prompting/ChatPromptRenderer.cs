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
/// projector takes become its media marker, in place, and are collected in order for libmtmd.
/// </summary>
internal sealed class ChatPromptRenderer(LLamaWeights weights, string? templateOverride, MediaSupport media)
{
    /// <summary>The template text in use, or null when llama.cpp falls back to ChatML.</summary>
    public string? TemplateText { get; } = templateOverride ?? weights.NativeHandle.GetTemplate(null, strict: false);

    /// <summary>Whether the template was written for tools (it mentions them), as Qwen2.5's and Hermes' are.</summary>
    public bool SupportsTools => TemplateText?.Contains("tools", StringComparison.Ordinal) == true;

    /// <summary>The marker standing for one image or sound in rendered text (empty without a projector).</summary>
    public string MediaMarker => media.Marker;

    /// <param name="mediaParts">Receives the images and audio the rendered text has a marker for, in order.</param>
    public string Render(IEnumerable<ChatMessage> messages, IReadOnlyList<AIFunctionDeclaration> tools, List<DataContent> mediaParts)
    {
        var template = new LLamaTemplate(TemplateText) { AddAssistant = true };
        var list = messages.ToList();
        var toolPrompt = tools.Count > 0 ? ToolCallFormat.SystemPrompt(tools) : null;

        if (toolPrompt is not null && (list.Count == 0 || list[0].Role != ChatRole.System))
            template.Add("system", toolPrompt);

        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i];
            var content = Content(message, mediaParts);
            if (i == 0 && message.Role == ChatRole.System && toolPrompt is not null)
                content = content.Length == 0 ? toolPrompt : content + "\n\n" + toolPrompt;
            template.Add(RoleName(message.Role), content);
        }
        return Encoding.UTF8.GetString(template.Apply());
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
}
