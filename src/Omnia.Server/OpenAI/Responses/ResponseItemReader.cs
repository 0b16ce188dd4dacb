using System.Text.Json;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// Reads items in the Responses API's input shapes — a string, message items (also without <c>type</c>, as the SDKs
/// send them), <c>function_call</c>, <c>function_call_output</c> and <c>mcp_approval_response</c> — into typed items, each error a 400 naming its
/// path. Items read from a client get fresh ids (the store keeps ids unique); items read back from the store keep theirs.
/// </summary>
internal static class ResponseItemReader
{
    private static readonly string[] Roles = ["user", "system", "developer", "assistant"];

    /// <summary><c>input</c>: a string (one user message) or an array of items.</summary>
    public static List<ResponseItem> Input(JsonElement? input, string param) => input switch
    {
        null or { ValueKind: JsonValueKind.Null } => throw JsonFields.Missing(param),
        { ValueKind: JsonValueKind.String } text => [new MessageItem(ResponseIds.Message(), "completed", "user", [new InputTextPart(text.GetString()!)])],
        { ValueKind: JsonValueKind.Array } items => Items(items, param),
        _ => throw JsonFields.WrongType(param, "a string or an array of input items"),
    };

    /// <summary>An array of items from a client.</summary>
    public static List<ResponseItem> Items(JsonElement items, string param)
    {
        if (items.ValueKind != JsonValueKind.Array) throw JsonFields.WrongType(param, "an array of items");
        return items.EnumerateArray().Select((item, i) => Item(item, JsonPath.Index(param, i), keepId: false)).ToList();
    }

    /// <summary>An item as the store kept it (written by this server, so its id is kept).</summary>
    public static ResponseItem Stored(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Item(document.RootElement, "item", keepId: true);
    }

    private static ResponseItem Item(JsonElement item, string param, bool keepId)
    {
        JsonFields.Object(item, param, "an item object");
        var type = JsonFields.OptionalString(item, "type", $"{param}.type") ?? "message";
        string Id(Func<string> fresh) => keepId ? JsonFields.RequiredString(item, "id", $"{param}.id") : fresh();
        var status = keepId ? JsonFields.OptionalString(item, "status", $"{param}.status") ?? "completed" : "completed";
        switch (type)
        {
            case "message":
                var role = JsonFields.RequiredString(item, "role", $"{param}.role");
                if (!Roles.Contains(role))
                    throw ApiException.BadRequest($"Invalid value for '{param}.role': {Echo.Quote(role)}. Supported values are: 'user', 'system', 'developer' and 'assistant'.", $"{param}.role");
                return new MessageItem(Id(ResponseIds.Message), status, role, Content(item, role, $"{param}.content"));
            case "function_call":
                var arguments = JsonFields.OptionalString(item, "arguments", $"{param}.arguments") ?? "{}";
                // Checked here so a bad one is refused before it is stored, not each time the history is read.
                Chat.ChatMessageMapper.FunctionArguments(arguments, $"{param}.arguments");
                return new FunctionCallItem(Id(ResponseIds.FunctionCall), status,
                    JsonFields.RequiredString(item, "call_id", $"{param}.call_id"), FunctionName(item, $"{param}.name"), arguments);
            case "function_call_output":
                return new FunctionCallOutputItem(Id(ResponseIds.FunctionCallOutput), status,
                    JsonFields.RequiredString(item, "call_id", $"{param}.call_id"), Output(item, $"{param}.output"));
            case "mcp_approval_response":
                var approve = JsonFields.Optional(item, "approve") is { ValueKind: JsonValueKind.True or JsonValueKind.False } answer
                    ? answer.GetBoolean()
                    : throw JsonFields.WrongType($"{param}.approve", "true or false");
                return new McpApprovalResponseItem(Id(ResponseIds.McpApprovalResponse),
                    JsonFields.RequiredString(item, "approval_request_id", $"{param}.approval_request_id"), approve,
                    JsonFields.OptionalString(item, "reason", $"{param}.reason"));
            case "mcp_list_tools" or "mcp_call" or "mcp_approval_request" when keepId:
                // Written by this server, so read back as it wrote them.
                return item.Deserialize<ResponseItem>(OpenAIJson.Options)!;
            case "image_generation_call":
                return ImageGenerationCallItemReader.Read(item, Id(ResponseIds.ImageGenerationCall), status, param);
            default:
                throw ApiException.BadRequest(
                    $"Invalid value for '{param}.type': {Echo.Quote(type)}. Supported item types: 'message', 'function_call', 'function_call_output', 'mcp_approval_response', 'image_generation_call'.",
                    $"{param}.type", "unsupported_item_type");
        }
    }

    private static string FunctionName(JsonElement item, string param)
    {
        var name = JsonFields.RequiredString(item, "name", param);
        return Chat.ChatToolMapper.IsFunctionName(name) ? name
            : throw ApiException.BadRequest($"'{param}' must be 1-64 letters, digits, underscores or dashes.", param);
    }

    /// <summary>A function's output: a string, or input_text parts whose texts are joined.</summary>
    private static string Output(JsonElement item, string param) => JsonFields.Optional(item, "output") switch
    {
        null => throw JsonFields.Missing(param),
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray().Select((part, i) =>
        {
            var path = JsonPath.Index(param, i);
            JsonFields.Object(part, path, "a content part object");
            var type = JsonFields.RequiredString(part, "type", $"{path}.type");
            return type is "input_text" or "output_text" ? JsonFields.RequiredString(part, "text", $"{path}.text")
                : throw ApiException.BadRequest($"Invalid value for '{path}.type': {Echo.Quote(type)}. A function's output may hold only 'input_text' parts.", $"{path}.type");
        })),
        _ => throw JsonFields.WrongType(param, "a string or an array of input_text parts"),
    };

    private static List<ItemContentPart> Content(JsonElement item, string role, string param) => JsonFields.Optional(item, "content") switch
    {
        null => throw JsonFields.Missing(param),
        { ValueKind: JsonValueKind.String } text => [role == "assistant" ? new OutputTextPart(text.GetString()!) : new InputTextPart(text.GetString()!)],
        { ValueKind: JsonValueKind.Array } parts => parts.EnumerateArray().Select((part, i) => Part(part, role, JsonPath.Index(param, i))).ToList(),
        _ => throw JsonFields.WrongType(param, "a string or an array of content parts"),
    };

    private static ItemContentPart Part(JsonElement part, string role, string param)
    {
        JsonFields.Object(part, param, "a content part object");
        var type = JsonFields.RequiredString(part, "type", $"{param}.type");
        switch (type)
        {
            case "input_text":
                return new InputTextPart(JsonFields.RequiredString(part, "text", $"{param}.text"));
            case "output_text" when role == "assistant":
                return new OutputTextPart(JsonFields.RequiredString(part, "text", $"{param}.text"));
            case "refusal" when role == "assistant":
                return new RefusalPart(JsonFields.RequiredString(part, "refusal", $"{param}.refusal"));
            case "input_image":
                if (JsonFields.OptionalString(part, "file_id", $"{param}.file_id") is not null)
                    throw ApiException.BadRequest($"'{param}.file_id' is not supported: this server has no files API. Send the image as 'image_url' (an http(s) or data URL).", $"{param}.file_id");
                var image = new InputImagePart(
                    JsonFields.RequiredString(part, "image_url", $"{param}.image_url"), JsonFields.OptionalString(part, "detail", $"{param}.detail") ?? "auto");
                // Checked now so a bad URL is refused before it is stored.
                Chat.ContentPartMapper.Image(image.ImageUrl, image.Detail, $"{param}.image_url", $"{param}.detail");
                return image;
            case "input_audio":
                var audio = JsonFields.RequiredObject(part, "input_audio", $"{param}.input_audio");
                var data = new InputAudioData(
                    JsonFields.RequiredString(audio, "data", $"{param}.input_audio.data"), JsonFields.OptionalString(audio, "format", $"{param}.input_audio.format") ?? "wav");
                Chat.ContentPartMapper.Audio(data.Data, data.Format, $"{param}.input_audio");
                return new InputAudioPart(data);
            default:
                var supported = role == "assistant" ? "'output_text', 'refusal', 'input_text'" : "'input_text', 'input_image', 'input_audio'";
                throw ApiException.BadRequest($"Invalid content part type {Echo.Quote(type)} in '{param}' for role {Echo.Quote(role)}. Supported: {supported}.", $"{param}.type");
        }
    }
}
