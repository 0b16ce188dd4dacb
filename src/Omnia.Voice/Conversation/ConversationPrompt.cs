using Microsoft.Extensions.AI;
using Omnia.Audio;

namespace Omnia.Voice.Conversation;

/// <summary>
/// What the chat model reads for an answer: the instructions, then each item as a message. Pictures go as image
/// content: a model that cannot see gets their text from the media cascade in its chat client.
/// </summary>
public static class ConversationPrompt
{
    public static List<ChatMessage> Build(string instructions, IEnumerable<ConversationItem> items, bool chatHearsAudio, IFunctionArgumentsFormat arguments)
    {
        var messages = new List<ChatMessage>();
        if (instructions.Length > 0) messages.Add(new ChatMessage(ChatRole.System, instructions));
        var all = items as IReadOnlyList<ConversationItem> ?? items.ToList();
        var declined = all.Where(i => i.Kind == ItemKind.ToolApprovalResponse && i.Approved == false)
            .GroupBy(i => i.ApprovalRequestId!).ToDictionary(g => g.Key, g => g.First());
        foreach (var item in all)
        {
            switch (item.Kind)
            {
                case ItemKind.Message when item.Role == ItemRole.User && item.Audio is { Length: > 0 } audio && chatHearsAudio:
                    messages.Add(new ChatMessage(ChatRole.User,
                        [new DataContent(WavWriter.Encode(new PcmAudio(audio, InputAudioBuffer.SampleRate), WavSampleFormat.Pcm16), "audio/wav")]));
                    break;
                case ItemKind.Message when item.Images.Count > 0:
                    List<AIContent> contents = item.Text.Length > 0 ? [new TextContent(item.Text)] : [];
                    contents.AddRange(item.Images.Select(image => new DataContent(image.Data, image.MediaType)));
                    messages.Add(new ChatMessage(RoleOf(item.Role), contents));
                    break;
                case ItemKind.Message when item.Text.Length > 0:
                    messages.Add(new ChatMessage(RoleOf(item.Role), item.Text));
                    break;
                case ItemKind.FunctionCall:
                    messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(item.CallId!, item.Name!, arguments.Read(item.Arguments ?? "{}"))]));
                    break;
                case ItemKind.FunctionCallOutput:
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(item.CallId!, item.Output)]));
                    break;
                case ItemKind.ToolCall when item.Status != ItemStatus.InProgress:
                    AddToolCall(messages, item.Id, item.Name!, Read(arguments, item.Arguments),
                        VoiceConversation.ResultText(new ToolResult(item.Output, item.Error)));
                    break;
                case ItemKind.ToolApprovalRequest when declined.TryGetValue(item.Id, out var answer):
                    // No call was made: the model is told the user declined it, so it does not ask again in vain.
                    AddToolCall(messages, item.Id, item.Name!, Read(arguments, item.Arguments),
                        "The user declined this call." + (string.IsNullOrEmpty(answer.Reason) ? "" : " Reason: " + answer.Reason));
                    break;
            }
        }
        return messages;
    }

    private static void AddToolCall(List<ChatMessage> messages, string id, string name, IDictionary<string, object?>? arguments, string result)
    {
        messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, name, arguments)]));
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(id, result)]));
    }

    /// <summary>A server tool's arguments as values; the conversation wrote them itself, so a failure is only text the model cannot use.</summary>
    private static IDictionary<string, object?>? Read(IFunctionArgumentsFormat format, string? arguments)
    {
        try
        {
            return format.Read(arguments ?? "{}");
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ChatRole RoleOf(ItemRole? role) => role switch
    {
        ItemRole.Assistant => ChatRole.Assistant,
        ItemRole.System => ChatRole.System,
        _ => ChatRole.User,
    };
}
