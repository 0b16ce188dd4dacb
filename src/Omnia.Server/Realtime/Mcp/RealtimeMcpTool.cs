using Microsoft.Extensions.AI;
using Omnia.Server.OpenAI.Responses;
using Omnia.Server.OpenAI.Responses.Mcp;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime.Mcp;

/// <summary>One tool of a remote MCP server, as the conversation calls it: a call goes to the server within <see cref="McpOptions.CallTimeout"/>, its output cut at <see cref="McpOptions.MaxOutputCharacters"/>.</summary>
internal sealed class RealtimeMcpTool(McpServerConnection server, McpToolInfo tool) : IServerTool
{
    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, tool.InputSchema);

    public string Source => server.Spec.Label;

    public bool RequiresApproval => server.Spec.Approval.Requires(tool.Name);

    public async Task<ToolResult> InvokeAsync(string arguments, CancellationToken cancellationToken)
    {
        var (output, error) = await server.CallAsync(tool.Name, arguments, cancellationToken);
        return new ToolResult(output, error);
    }
}
