using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// The body of <c>POST /v1/responses</c>. <c>input</c>, <c>conversation</c> and <c>tool_choice</c> take several
/// shapes, so they stay JSON until mapped; list items are nullable because a client can send <c>[null]</c>.
/// </summary>
public sealed record ResponseCreateRequest
{
    public string? Model { get; init; }
    public JsonElement? Input { get; init; }
    public string? Instructions { get; init; }
    public string? PreviousResponseId { get; init; }
    public JsonElement? Conversation { get; init; }
    public bool? Store { get; init; }
    public bool? Background { get; init; }
    public bool? Stream { get; init; }
    public int? MaxOutputTokens { get; init; }
    public float? Temperature { get; init; }
    public float? TopP { get; init; }
    public ResponseTextDto? Text { get; init; }
    public List<ResponseToolDto?>? Tools { get; init; }
    public JsonElement? ToolChoice { get; init; }
    public bool? ParallelToolCalls { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
    public string? Truncation { get; init; }
    public string? User { get; init; }
}

/// <summary><c>text</c>: how the output is formatted.</summary>
public sealed record ResponseTextDto(ResponseTextFormatDto? Format);

/// <summary><c>text.format</c>: text, json_object, or json_schema with its schema inline (the Responses API's flat shape).</summary>
public sealed record ResponseTextFormatDto
{
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Schema { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Strict { get; init; }
}

/// <summary>
/// One entry of <c>tools</c>: <c>function</c> (flat: name, description, parameters, strict), <c>mcp</c> (a remote
/// MCP server: server_label, server_url, allowed_tools, require_approval, headers, authorization, server_description)
/// or <c>image_generation</c> (the image options, echoed only when sent).
/// </summary>
public sealed record ResponseToolDto
{
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public JsonElement? Parameters { get; init; }
    public bool? Strict { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerLabel { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerDescription { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? AllowedTools { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? RequireApproval { get; init; }

    /// <summary>An OAuth access token for the MCP server, sent as <c>Authorization: Bearer</c>: never echoed, stored or logged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Authorization { get; init; }

    /// <summary>Sent to the MCP server only: never echoed, stored or logged (they usually carry its credentials).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string?>? Headers { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Size { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Quality { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OutputFormat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? OutputCompression { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Background { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PartialImages { get; init; }
}
