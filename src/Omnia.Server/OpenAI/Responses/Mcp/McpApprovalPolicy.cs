namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// <c>require_approval</c>: <c>"always"</c> (OpenAI's default), <c>"never"</c>, or <c>{"never": {"tool_names"}}</c>
/// (<c>{"always": {"tool_names"}}</c> too): which calls wait for the client's <c>mcp_approval_response</c>.
/// </summary>
internal sealed record McpApprovalPolicy(bool ByDefault, IReadOnlySet<string> Never, IReadOnlySet<string> Always)
{
    public static readonly McpApprovalPolicy AlwaysRequired = new(true, new HashSet<string>(), new HashSet<string>());
    public static readonly McpApprovalPolicy NeverRequired = new(false, new HashSet<string>(), new HashSet<string>());

    public bool Requires(string tool) => Always.Contains(tool) || (ByDefault && !Never.Contains(tool));
}
