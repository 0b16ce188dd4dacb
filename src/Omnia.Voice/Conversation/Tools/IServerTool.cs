using Microsoft.Extensions.AI;

namespace Omnia.Voice.Conversation;

/// <summary>
/// A tool the conversation calls itself when the model asks for it (a remote MCP server's tool, say): the model is
/// offered <see cref="Declaration"/>, and the call's result joins the conversation before the answer goes on. The
/// client's own functions are not server tools: their calls go out, and the client sends their output.
/// </summary>
/// <remarks><see cref="InvokeAsync"/> runs on a response's task and may run while the conversation's loop goes on.</remarks>
public interface IServerTool
{
    AIFunctionDeclaration Declaration { get; }

    /// <summary>Who serves the tool (an MCP server's label), shown with its calls.</summary>
    string Source { get; }

    /// <summary>Whether a call waits for the client's approval (an approval request item) instead of being made at once.</summary>
    bool RequiresApproval { get; }

    /// <summary>Makes a call with the model's arguments (their text, as the conversation keeps them).</summary>
    /// <returns>The tool's output, or why it failed; an exception is taken as a failure too.</returns>
    Task<ToolResult> InvokeAsync(string arguments, CancellationToken cancellationToken);
}
