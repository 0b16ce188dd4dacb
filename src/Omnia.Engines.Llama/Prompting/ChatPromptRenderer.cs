using System.Text;
using LLama;
using LLama.Native;
using Microsoft.Extensions.AI;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Prompting;

/// <summary>
/// Renders chat messages through the model's own chat template (llama.cpp's template engine; ChatML when the GGUF has
/// none). Tool signatures, calls and results are written in <see cref="ToolCallFormat"/>.
/// </summary>
internal sealed class ChatPromptRenderer(LLamaWeights weights, string? templateOverride)
{
    /// <summary>The template text in use, or null when llama.cpp falls back to ChatML.</summary>
    public string? TemplateText { get; } = templateOverride ?? weights.NativeHandle.GetTemplate(null, strict: false);

    /// <summary>Whether the template was written for tools (it mentions them), as Qwen2.5's and Hermes' are.</summary>
    public bool SupportsTools => TemplateText?.Contains("tools", StringComparison.Ordinal) == true;

    public string Render(IEnumerable<ChatMessage> messages, IReadOnlyList<AIFunctionDeclaration> tools)
    {
        var template = new LLamaTemplate(TemplateText) { AddAssistant = true };
        var list = messages.ToList();
        var toolPrompt = tools.Count > 0 ? ToolCallFormat.SystemPrompt(tools) : null;

        if (toolPrompt is not null && (list.Count == 0 || list[0].Role != ChatRole.System))
            template.Add("system", toolPrompt);

        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i];
            var content = Content(message);
            if (i == 0 && message.Role == ChatRole.System && toolPrompt is not null)
                content = content.Length == 0 ? toolPrompt : content + "\n\n" + toolPrompt;
            template.Add(RoleName(message.Role), content);
        }
        return Encoding.UTF8.GetString(template.Apply());
    }

    private static string RoleName(ChatRole role) =>
        role == ChatRole.Tool ? "user" : role.Value;

    private static string Content(ChatMessage message)
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
                case DataContent or UriContent:
                    throw new InvalidRequestException(
                        $"This model takes text only; it cannot read {MediaKind(content)} input.", "messages", "unsupported_content");
                default:
                    break;
            }
        }
        return builder.ToString();
    }

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
