using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Chat;

namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// The remote MCP servers of one response, connected and listed: the functions the model is offered for their
/// allowed tools, and which server serves each. Disposed when the response ends, closing the sessions.
/// </summary>
internal sealed class McpToolbox : IAsyncDisposable
{
    private readonly List<McpServerConnection> _servers = [];
    private readonly Dictionary<string, McpServerConnection> _byTool = new(StringComparer.Ordinal);

    private McpToolbox(McpOptions options) => Options = options;

    public McpOptions Options { get; }

    /// <summary>The <c>mcp_list_tools</c> items, one per server in the order of <c>tools</c>, each showing the tools imported from it (those <c>allowed_tools</c> names).</summary>
    public List<ResponseItem> Listings { get; } = [];

    /// <summary>Connects to every server (in parallel) and lists its tools; the first failure fails the request.</summary>
    public static async Task<McpToolbox?> ConnectAsync(
        IReadOnlyList<McpServerSpec> specs, McpConnector connector, ChatOptions options, CancellationToken cancellationToken)
    {
        if (specs.Count == 0) return null;
        var toolbox = new McpToolbox(connector.Options);
        var connecting = specs.Select(spec => connector.ConnectAsync(spec, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(connecting);
        }
        catch
        {
            foreach (var done in connecting.Where(t => t.IsCompletedSuccessfully)) await done.Result.DisposeAsync();
            throw;
        }
        try
        {
            foreach (var server in connecting.Select(t => t.Result)) toolbox.Add(server, options);
        }
        catch
        {
            await toolbox.DisposeAsync();
            throw;
        }
        return toolbox;
    }

    private void Add(McpServerConnection server, ChatOptions options)
    {
        _servers.Add(server);
        Listings.Add(new McpListToolsItem(ResponseIds.McpListTools(), server.Spec.Label, server.Allowed.ToList(), null));
        options.Tools ??= [];
        foreach (var tool in server.Allowed)
        {
            // A name the grammar cannot call stays listed but is not offered.
            if (!ChatToolMapper.IsFunctionName(tool.Name)) continue;
            if (_byTool.TryGetValue(tool.Name, out var other) || options.Tools.Any(t => t.Name == tool.Name))
                throw ApiException.BadRequest(
                    $"Tool {Echo.Quote(tool.Name)} of MCP server {Echo.Quote(server.Spec.Label)} has the name of another tool{(other is null ? "" : $" (of MCP server {Echo.Quote(other.Spec.Label)})")}; leave one out with 'allowed_tools'.",
                    $"{server.Spec.Param}.allowed_tools");
            _byTool[tool.Name] = server;
            options.Tools.Add(AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, tool.InputSchema));
        }
    }

    /// <summary>The server whose tool the model called, or null when it called one of the client's functions.</summary>
    public McpServerConnection? Find(string name) => _byTool.GetValueOrDefault(name);

    /// <summary>The connected server with this label (an approval names the server by label).</summary>
    public McpServerConnection? Server(string label) => _servers.FirstOrDefault(s => s.Spec.Label == label);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
    }
}
