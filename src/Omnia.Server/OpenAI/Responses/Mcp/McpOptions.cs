namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// Bounds on remote MCP tools. Whether private and loopback servers may be reached is the media fetcher's setting
/// (<c>MediaOptions.AllowPrivateUrls</c>): every server-side fetch obeys one address policy.
/// </summary>
public sealed class McpOptions
{
    /// <summary>How long connecting to an MCP server, its handshake and listing its tools may take together.</summary>
    public TimeSpan ListTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one tool call may take; a call that takes longer becomes an <c>mcp_call</c> with an error.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Rounds of server-side tool calls in one response; the round after the last must answer in text.</summary>
    public int MaxToolRounds { get; set; } = 8;

    /// <summary>Characters of one tool's output kept and shown to the model; longer output is cut with a note.</summary>
    public int MaxOutputCharacters { get; set; } = 256 * 1024;

    /// <summary>Tools a realtime session takes from one server (each is offered to the model on every turn); a server that offers more must be narrowed with <c>allowed_tools</c>.</summary>
    public int MaxToolsPerServer { get; set; } = 64;
}
