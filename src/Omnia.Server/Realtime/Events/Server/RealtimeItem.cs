using System.Text.Json.Serialization;
using Omnia.Server.OpenAI.Responses;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>A conversation item (<c>realtime.item</c>): a message's role and content, a function call's fields, or a remote MCP tool's (listing, call, approval); a field that is not the item's kind's is left out.</summary>
internal sealed record RealtimeItem(string Id, string Type, string Status)
{
    public string Object => "realtime.item";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RealtimeContentPart>? Content { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Arguments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Output { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerLabel { get; init; }

    /// <summary>An <c>mcp_list_tools</c> item's tools.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<McpToolInfo>? Tools { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApprovalRequestId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Approve { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>Why an <c>mcp_call</c> failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RealtimeMcpError? Error { get; init; }
}

/// <summary>An <c>mcp_call</c>'s error, as GA realtime writes it: <c>{"type": "tool_execution_error", "message"}</c>.</summary>
internal sealed record RealtimeMcpError(string Type, string Message);
