using Microsoft.Extensions.AI;

namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// What a response with remote MCP tools needs to go on after the model calls one: the servers, the engine and the
/// prompt the tool's result is appended to, and <see cref="Preamble"/>, the items done before the first generation
/// (the tool listings, calls the client just approved).
/// </summary>
internal sealed record McpContinuation(McpToolbox Toolbox, IChatClient Client, List<ChatMessage> Messages, ChatOptions Options, IReadOnlyList<ResponseItem> Preamble);
