using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// An item of a response's input or output, or of a conversation, in its wire shape: what the store keeps and the
/// API returns. Read from clients (and back from the store) by <see cref="ResponseItemReader"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MessageItem), "message")]
[JsonDerivedType(typeof(FunctionCallItem), "function_call")]
[JsonDerivedType(typeof(FunctionCallOutputItem), "function_call_output")]
[JsonDerivedType(typeof(McpListToolsItem), "mcp_list_tools")]
[JsonDerivedType(typeof(McpCallItem), "mcp_call")]
[JsonDerivedType(typeof(McpApprovalRequestItem), "mcp_approval_request")]
[JsonDerivedType(typeof(McpApprovalResponseItem), "mcp_approval_response")]
[JsonDerivedType(typeof(ImageGenerationCallItem), "image_generation_call")]
public abstract record ResponseItem([property: JsonPropertyOrder(-1)] string Id);

/// <summary>A message: <c>role</c> user, system, developer or assistant, and its content parts.</summary>
public sealed record MessageItem(string Id, string Status, string Role, IReadOnlyList<ItemContentPart> Content) : ResponseItem(Id);

/// <summary>The model called a function: <c>call_id</c> ties it to its <c>function_call_output</c>.</summary>
public sealed record FunctionCallItem(string Id, string Status, string CallId, string Name, string Arguments) : ResponseItem(Id);

/// <summary>What the client's function returned for <c>call_id</c>.</summary>
public sealed record FunctionCallOutputItem(string Id, string Status, string CallId, string Output) : ResponseItem(Id);

/// <summary>The tools a remote MCP server offered (<c>error</c> set when listing them failed).</summary>
public sealed record McpListToolsItem(string Id, string ServerLabel, IReadOnlyList<McpToolInfo> Tools, string? Error) : ResponseItem(Id);

/// <summary>One tool of a <see cref="McpListToolsItem"/>: <c>input_schema</c> and <c>annotations</c> as the MCP server sent them.</summary>
public sealed record McpToolInfo(string Name, string? Description, JsonElement InputSchema, JsonElement? Annotations);

/// <summary>A call the server made to a remote MCP tool: its text <c>output</c>, or the <c>error</c> it ended in.</summary>
public sealed record McpCallItem(string Id, string Status, string ServerLabel, string Name, string Arguments, string? Output, string? Error) : ResponseItem(Id)
{
    /// <summary>The approval request this call answered, when it needed one.</summary>
    public string? ApprovalRequestId { get; init; }
}

/// <summary>The model asked to call a tool that needs the client's approval; the response ends here.</summary>
public sealed record McpApprovalRequestItem(string Id, string ServerLabel, string Name, string Arguments) : ResponseItem(Id);

/// <summary>The client's answer to an <see cref="McpApprovalRequestItem"/> of the previous response.</summary>
public sealed record McpApprovalResponseItem(string Id, string ApprovalRequestId, bool Approve, string? Reason) : ResponseItem(Id);

/// <summary>One part of a message's content.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InputTextPart), "input_text")]
[JsonDerivedType(typeof(OutputTextPart), "output_text")]
[JsonDerivedType(typeof(RefusalPart), "refusal")]
[JsonDerivedType(typeof(InputImagePart), "input_image")]
[JsonDerivedType(typeof(InputAudioPart), "input_audio")]
public abstract record ItemContentPart;

public sealed record InputTextPart(string Text) : ItemContentPart;

/// <summary>The assistant's text; annotations and logprobs are always empty here.</summary>
public sealed record OutputTextPart(string Text) : ItemContentPart
{
    public IReadOnlyList<object> Annotations { get; init; } = [];
    public IReadOnlyList<object> Logprobs { get; init; } = [];
}

public sealed record RefusalPart(string Refusal) : ItemContentPart;

/// <summary>An image by http(s) or data URL (<c>image_url</c>); <c>file_id</c> is not served (there is no files API).</summary>
public sealed record InputImagePart(string ImageUrl, string Detail) : ItemContentPart;

public sealed record InputAudioPart(InputAudioData InputAudio) : ItemContentPart;

/// <summary>Base64 audio and its format (wav or mp3).</summary>
public sealed record InputAudioData(string Data, string Format);
