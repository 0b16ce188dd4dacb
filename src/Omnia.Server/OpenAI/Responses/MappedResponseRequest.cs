using Microsoft.Extensions.AI;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// A validated <c>POST /v1/responses</c>: its input items, the chat options they run with, where its history comes
/// from, the remote MCP servers whose tools it may call, and <see cref="Template"/>, the response object as it will be shown before any output.
/// </summary>
internal sealed record MappedResponseRequest(
    ResponseObject Template,
    List<ResponseItem> Input,
    ChatOptions Options,
    string? ConversationId,
    bool Stream,
    bool TruncateAuto,
    IReadOnlyList<Mcp.McpServerSpec> McpServers)
{
    /// <summary>The request's <c>image_generation</c> tool, if it has one.</summary>
    public ImageGenerationToolSpec? ImageTool { get; init; }
}
