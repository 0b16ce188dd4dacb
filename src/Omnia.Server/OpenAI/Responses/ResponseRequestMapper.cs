using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Chat;
using Omnia.Server.OpenAI.Responses.Mcp;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// Validates a <c>POST /v1/responses</c> body and maps it to chat options through the chat mappers (tools, sampling
/// ranges, JSON Schema through the grammar); every failure is a 400 naming the param.
/// </summary>
internal static class ResponseRequestMapper
{
    public const int MaxMetadataPairs = 16;
    public const int MaxMetadataKeyCharacters = 64;
    public const int MaxMetadataValueCharacters = 512;

    public static MappedResponseRequest Map(ResponseCreateRequest request, string id, DateTimeOffset now)
    {
        ModelResolver.RequireName(request.Model);
        var input = ResponseItemReader.Input(request.Input, "input");
        var conversationId = ConversationId(request.Conversation);
        if (conversationId is not null && request.PreviousResponseId is not null)
            throw ApiException.BadRequest("'previous_response_id' and 'conversation' cannot be used together: a conversation already holds the history.", "previous_response_id");
        var store = request.Store ?? true;
        var background = request.Background ?? false;
        if (background && !store)
            throw ApiException.BadRequest("A background response must be stored: 'background': true requires 'store': true.", "background");
        if (background && request.Stream == true)
            throw ApiException.BadRequest("Streaming a background response is not supported: send 'stream': false and poll GET /v1/responses/{id}.", "stream");
        if (conversationId is not null && !store)
            throw ApiException.BadRequest("A response in a conversation is appended to it, so 'store': false cannot be used with 'conversation'.", "store");
        var truncation = request.Truncation ?? "disabled";
        if (truncation is not ("disabled" or "auto"))
            throw ApiException.BadRequest($"Invalid value for 'truncation': {Echo.Quote(truncation)}. Supported: 'auto', 'disabled'.", "truncation");

        ChatSamplingMapper.Check(request.Temperature, 0, 2, "temperature", "between 0 and 2");
        ChatSamplingMapper.Check(request.TopP, 0, 1, "top_p", "greater than 0 and at most 1", minExclusive: true);
        if (request.MaxOutputTokens is < 1)
            throw ApiException.BadRequest("max_output_tokens must be at least 1.", "max_output_tokens");
        var (format, text) = Format(request.Text?.Format);
        var (tools, toolDtos, mcpServers, imageTool) = Tools(request.Tools);
        var (mode, toolChoice) = ToolMode(request.ToolChoice);
        if (mode is RequiredChatToolMode && tools is null && mcpServers.Count == 0)
            throw ApiException.BadRequest("tool_choice requires tools.", "tool_choice");
        if (imageTool is null && toolChoice.ValueKind == JsonValueKind.Object && toolChoice.GetProperty("type").GetString() == ImageGenerationToolSpec.Type)
            throw ApiException.BadRequest("tool_choice 'image_generation' requires an 'image_generation' tool in 'tools'.", "tool_choice");
        var metadata = Metadata(request.Metadata);

        var options = new ChatOptions
        {
            ModelId = request.Model,
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxOutputTokens = request.MaxOutputTokens,
            ResponseFormat = format,
            Tools = tools,
            ToolMode = mode,
            AllowMultipleToolCalls = request.ParallelToolCalls,
        };
        var template = new ResponseObject
        {
            Id = id,
            CreatedAt = now.ToUnixTimeSeconds(),
            Status = background ? "queued" : "in_progress",
            Background = background,
            Instructions = request.Instructions,
            MaxOutputTokens = request.MaxOutputTokens,
            Model = request.Model,
            ParallelToolCalls = request.ParallelToolCalls ?? true,
            PreviousResponseId = request.PreviousResponseId,
            Conversation = conversationId is null ? null : new ConversationReferenceDto(conversationId),
            Store = store,
            Temperature = request.Temperature ?? 1,
            TopP = request.TopP ?? 1,
            Text = text,
            ToolChoice = toolChoice,
            Tools = toolDtos,
            Truncation = truncation,
            User = request.User,
            Metadata = metadata,
        };
        return new MappedResponseRequest(template, input, options, conversationId, request.Stream == true, truncation == "auto", mcpServers) { ImageTool = imageTool };
    }

    /// <summary><c>conversation</c>: its id as a string, or <c>{"id": …}</c>.</summary>
    private static string? ConversationId(JsonElement? conversation) => conversation switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } id when id.GetString() is { Length: > 0 } text => text,
        { ValueKind: JsonValueKind.Object } reference => JsonFields.RequiredString(reference, "id", "conversation.id"),
        _ => throw JsonFields.WrongType("conversation", "a conversation id or {\"id\": …}"),
    };

    private static (ChatResponseFormat? Format, ResponseTextDto Echo) Format(ResponseTextFormatDto? format)
    {
        const string param = "text.format";
        switch (format?.Type)
        {
            case null or "text":
                return (null, new ResponseTextDto(new ResponseTextFormatDto { Type = "text" }));
            case "json_object":
                return (ChatResponseFormat.Json, new ResponseTextDto(new ResponseTextFormatDto { Type = "json_object" }));
            case "json_schema":
                if (string.IsNullOrEmpty(format.Name)) throw JsonFields.Missing($"{param}.name");
                var schema = ChatSamplingMapper.JsonSchema(format.Schema, format.Name, format.Description, $"{param}.schema");
                return (schema, new ResponseTextDto(format));
            default:
                throw ApiException.BadRequest($"Invalid value for '{param}.type': {Echo.Quote(format.Type)}. Supported: 'text', 'json_object', 'json_schema'.", $"{param}.type");
        }
    }

    private static (List<AITool>? Tools, List<ResponseToolDto> Echo, List<McpServerSpec> Mcp, ImageGenerationToolSpec? Image) Tools(List<ResponseToolDto?>? tools)
    {
        if (tools is null or { Count: 0 }) return (null, [], [], null);
        var declared = new List<AITool>();
        var echo = new List<ResponseToolDto>();
        var mcp = new List<McpServerSpec>();
        ImageGenerationToolSpec? image = null;
        for (var i = 0; i < tools.Count; i++)
        {
            var param = JsonPath.Index("tools", i);
            var tool = tools[i] ?? throw JsonFields.WrongType(param, "a tool object");
            if (tool.Type is null) throw JsonFields.Missing($"{param}.type");
            if (tool.Type == "mcp")
            {
                var server = McpServerSpecReader.Read(tool, param);
                if (mcp.Any(other => other.Label == server.Label))
                    throw ApiException.BadRequest($"Two MCP tools have the server_label {Echo.Quote(server.Label)}; labels must be unique.", $"{param}.server_label");
                mcp.Add(server);
                // The headers and token go to the MCP server alone: never echoed or stored.
                echo.Add(tool with { Headers = null, Authorization = null });
                continue;
            }
            if (tool.Type == ImageGenerationToolSpec.Type)
            {
                if (image is not null) throw ApiException.BadRequest($"'{param}': only one 'image_generation' tool may be given.", $"{param}.type");
                image = ImageGenerationToolSpec.From(tool, param);
                declared.Add(image.Declaration());
                echo.Add(tool);
                continue;
            }
            if (tool.Type != "function")
                throw ApiException.BadRequest(
                    $"Tool type {Echo.Quote(tool.Type)} in '{param}.type' is not supported by this server: only 'function', 'mcp' and 'image_generation' tools are.", $"{param}.type", "unsupported_tool_type");
            declared.Add(ChatToolMapper.Declaration(tool.Name, tool.Description, tool.Parameters, param));
            echo.Add(tool with { Strict = tool.Strict ?? true });
        }
        if (image is not null && declared.Count(t => t.Name == ImageGenerationToolSpec.FunctionName) > 1)
            throw ApiException.BadRequest($"A function may not be named '{ImageGenerationToolSpec.FunctionName}' beside the 'image_generation' tool.", "tools");
        return (declared.Count > 0 ? declared : null, echo, mcp, image);
    }

    /// <summary><c>tool_choice</c>: auto, none, required, or <c>{"type": "function", "name": …}</c> (the Responses API's flat shape).</summary>
    private static (ChatToolMode? Mode, JsonElement Echo) ToolMode(JsonElement? choice)
    {
        const string param = "tool_choice";
        switch (choice)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return (null, JsonSerializer.SerializeToElement("auto"));
            case { ValueKind: JsonValueKind.String } named:
                var mode = ChatToolMapper.NamedMode(named.GetString())
                    ?? throw ApiException.BadRequest($"Invalid value for 'tool_choice': {Echo.Quote(named.GetString())}. Supported: 'none', 'auto', 'required' or a function.", param);
                return (mode, named.Clone());
            case { ValueKind: JsonValueKind.Object } function:
                var type = JsonFields.RequiredString(function, "type", $"{param}.type");
                if (type == ImageGenerationToolSpec.Type)
                    return (ChatToolMode.RequireSpecific(ImageGenerationToolSpec.FunctionName), JsonSerializer.SerializeToElement(new { type }));
                if (type != "function")
                    throw ApiException.BadRequest($"Invalid value for 'tool_choice.type': {Echo.Quote(type)}. Supported: 'function', 'image_generation'.", $"{param}.type");
                var name = JsonFields.RequiredString(function, "name", $"{param}.name");
                if (!ChatToolMapper.IsFunctionName(name))
                    throw ApiException.BadRequest($"'{param}.name' must be 1-64 letters, digits, underscores or dashes.", $"{param}.name");
                return (ChatToolMode.RequireSpecific(name), JsonSerializer.SerializeToElement(new { type, name }));
            default:
                throw JsonFields.WrongType(param, "'none', 'auto', 'required' or {\"type\":\"function\",\"name\":...}");
        }
    }

    /// <summary>OpenAI's bounds: at most 16 pairs, keys up to 64 characters, values strings up to 512.</summary>
    public static Dictionary<string, string> Metadata(Dictionary<string, string?>? metadata)
    {
        if (metadata is null) return [];
        if (metadata.Count > MaxMetadataPairs)
            throw ApiException.BadRequest($"'metadata' may hold at most {MaxMetadataPairs} pairs; it has {metadata.Count}.", "metadata");
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in metadata)
        {
            var param = $"metadata.{Echo.Clip(key, MaxMetadataKeyCharacters)}";
            if (key.Length > MaxMetadataKeyCharacters)
                throw ApiException.BadRequest($"Metadata keys are at most {MaxMetadataKeyCharacters} characters.", param);
            if (value is null) throw JsonFields.WrongType(param, "a string");
            if (value.Length > MaxMetadataValueCharacters)
                throw ApiException.BadRequest($"Metadata values are at most {MaxMetadataValueCharacters} characters.", param);
            result[key] = value;
        }
        return result;
    }
}
