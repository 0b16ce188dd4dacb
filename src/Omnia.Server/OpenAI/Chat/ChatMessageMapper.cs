using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>One chat message (role, content, earlier spoken answers, tool calls and results) in Microsoft.Extensions.AI terms.</summary>
internal static class ChatMessageMapper
{
    public static ChatMessage Map(ChatMessageDto? dto, string param, AssistantAudioStore audioStore)
    {
        if (dto is null) throw JsonFields.WrongType(param, "a message object");
        var role = dto.Role switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            null => throw JsonFields.Missing($"{param}.role"),
            _ => throw ApiException.BadRequest($"Invalid value for '{param}.role': {Echo.Quote(dto.Role)}. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.", $"{param}.role"),
        };

        var contents = new List<AIContent>();
        if (role == ChatRole.Tool)
        {
            if (string.IsNullOrEmpty(dto.ToolCallId))
                throw JsonFields.Missing($"{param}.tool_call_id");
            contents.Add(new FunctionResultContent(dto.ToolCallId, ContentText(dto.Content, param)));
            return new ChatMessage(role, contents);
        }

        contents.AddRange(ContentPartMapper.Parts(dto.Content, param, allowNull: role == ChatRole.Assistant));
        if (role == ChatRole.Assistant && dto.Audio is { } audio)
        {
            // An earlier spoken answer, referred to by id: the model reads what it said.
            if (audio.Id is null || !audioStore.TryGetTranscript(audio.Id, out var transcript))
                throw ApiException.BadRequest($"'{param}.audio.id' ({Echo.Quote(audio.Id)}) is unknown or has expired.", $"{param}.audio.id");
            contents.Add(new TextContent(transcript));
        }
        var calls = dto.ToolCalls ?? [];
        for (var i = 0; i < calls.Count; i++)
            contents.Add(ToolCall(calls[i], JsonPath.Index($"{param}.tool_calls", i)));
        return new ChatMessage(role, contents) { AuthorName = dto.Name };
    }

    /// <summary>A function call's <c>arguments</c>: a JSON object encoded as a string; null or blank means none.</summary>
    public static Dictionary<string, object?>? FunctionArguments(string? json, string param)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = OpenAIJson.Options.MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
            JsonStrings.Validate(document.RootElement, param);
            // A repeated key keeps its last value, as JSON.parse does, rather than failing.
            var arguments = new Dictionary<string, object?>();
            foreach (var property in document.RootElement.EnumerateObject())
                arguments[property.Name] = property.Value.Clone();
            return arguments;
        }
        catch (JsonException)
        {
            throw ApiException.BadRequest($"'{param}' must be a JSON object encoded as a string.", param);
        }
    }

    private static string ContentText(JsonElement? content, string param) =>
        string.Concat(ContentPartMapper.Parts(content, param, allowNull: true).OfType<TextContent>().Select(t => t.Text));

    private static FunctionCallContent ToolCall(ToolCallDto? call, string param)
    {
        if (call is null) throw JsonFields.WrongType(param, "a tool call object");
        if (call.Function?.Name is not { Length: > 0 } name)
            throw JsonFields.Missing($"{param}.function.name");
        var arguments = FunctionArguments(call.Function.Arguments, $"{param}.function.arguments");
        return new FunctionCallContent(call.Id ?? "", name, arguments);
    }
}
