using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// An <c>image_generation_call</c> item read back (from the store, or passed back by a client), and replayed to the chat
/// model as the tool call and its result — the prompt it drew, never the image bytes.
/// </summary>
internal static class ImageGenerationCallItemReader
{
    public static ImageGenerationCallItem Read(JsonElement item, string id, string status, string param) =>
        new(id, status, JsonFields.OptionalString(item, "result", $"{param}.result"))
        {
            RevisedPrompt = JsonFields.OptionalString(item, "revised_prompt", $"{param}.revised_prompt"),
            Size = JsonFields.OptionalString(item, "size", $"{param}.size"),
            Quality = JsonFields.OptionalString(item, "quality", $"{param}.quality"),
            OutputFormat = JsonFields.OptionalString(item, "output_format", $"{param}.output_format"),
            Background = JsonFields.OptionalString(item, "background", $"{param}.background"),
        };

    public static void AddTo(List<ChatMessage> messages, ImageGenerationCallItem image)
    {
        var call = new FunctionCallContent(image.Id, ImageGenerationToolSpec.FunctionName, new Dictionary<string, object?> { ["prompt"] = image.RevisedPrompt ?? "" });
        if (messages.Count > 0 && messages[^1].Role == ChatRole.Assistant) messages[^1].Contents.Add(call);
        else messages.Add(new ChatMessage(ChatRole.Assistant, [call]));
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(image.Id, ImageGenerationChatClient.ResultForModel)]));
    }
}
