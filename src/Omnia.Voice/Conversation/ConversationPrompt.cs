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
        foreach (var item in items)
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
            }
        }
        return messages;
    }

    private static ChatRole RoleOf(ItemRole? role) => role switch
    {
        ItemRole.Assistant => ChatRole.Assistant,
        ItemRole.System => ChatRole.System,
        _ => ChatRole.User,
    };
}
