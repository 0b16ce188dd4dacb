namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// A validated <c>{"type": "mcp"}</c> tool: the server to reach, which of its tools the model may see (all when
/// <see cref="AllowedTools"/> is null), which calls need the client's approval, and the headers sent to it alone.
/// <see cref="Param"/> is the tool's path in the request (<c>tools[i]</c>), for errors.
/// </summary>
internal sealed record McpServerSpec(
    string Label,
    Uri Url,
    IReadOnlySet<string>? AllowedTools,
    McpApprovalPolicy Approval,
    IReadOnlyDictionary<string, string> Headers,
    string Param);
