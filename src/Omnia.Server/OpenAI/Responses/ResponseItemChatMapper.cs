using Microsoft.Extensions.AI;
using Omnia.Server.OpenAI.Chat;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// Items in Microsoft.Extensions.AI terms, through the chat mappers (images and audio, function arguments): a
/// function call joins the assistant message before it, as one chat message carries text and tool calls.
/// </summary>
internal static class ResponseItemChatMapper
{
    public static void AddTo(List<ChatMessage> messages, IEnumerable<ResponseItem> items, string param)
    {
        var i = 0;
        foreach (var item in items)
        {
            var path = JsonPath.Index(param, i++);
            switch (item)
            {
                case MessageItem message:
                    messages.Add(new ChatMessage(Role(message.Role), message.Content.Select((part, j) => Content(part, JsonPath.Index($"{path}.content", j))).ToList()));
                    break;
                case FunctionCallItem call:
                    AddCall(messages, new FunctionCallContent(call.CallId, call.Name, ChatMessageMapper.FunctionArguments(call.Arguments, $"{path}.arguments")));
                    break;
                case McpCallItem mcp:
                    AddMcpCall(messages, mcp);
                    break;
                case FunctionCallOutputItem output:
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(output.CallId, output.Output)]));
                    break;
                case ImageGenerationCallItem image:
                    ImageGenerationCallItemReader.AddTo(messages, image);
                    break;
            }
        }
    }

    /// <summary>
    /// A remote tool's call as the model saw it: its function call, then the result (or the error) as the tool's
    /// answer. Listings and approvals are not shown: the tools are offered again with each request.
    /// </summary>
    public static void AddMcpCall(List<ChatMessage> messages, McpCallItem call)
    {
        AddCall(messages, new FunctionCallContent(call.Id, call.Name, ChatMessageMapper.FunctionArguments(call.Arguments, "arguments")));
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.Id, call.Error is null ? call.Output ?? "" : $"Error: {call.Error}")]));
    }

    private static void AddCall(List<ChatMessage> messages, FunctionCallContent content)
    {
        if (messages.Count > 0 && messages[^1].Role == ChatRole.Assistant) messages[^1].Contents.Add(content);
        else messages.Add(new ChatMessage(ChatRole.Assistant, [content]));
    }

    private static ChatRole Role(string role) => role switch
    {
        "system" or "developer" => ChatRole.System,
        "assistant" => ChatRole.Assistant,
        _ => ChatRole.User,
    };

    private static AIContent Content(ItemContentPart part, string param) => part switch
    {
        InputTextPart text => new TextContent(text.Text),
        OutputTextPart text => new TextContent(text.Text),
        RefusalPart refusal => new TextContent(refusal.Refusal),
        InputImagePart image => ContentPartMapper.Image(image.ImageUrl, image.Detail, $"{param}.image_url", $"{param}.detail"),
        InputAudioPart audio => ContentPartMapper.Audio(audio.InputAudio.Data, audio.InputAudio.Format, $"{param}.input_audio"),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "An item part type without a mapping."),
    };
}
