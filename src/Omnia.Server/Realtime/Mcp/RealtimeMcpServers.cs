using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Chat;
using McpToolInfo = Omnia.Server.OpenAI.Responses.McpToolInfo;
using Omnia.Server.OpenAI.Responses.Mcp;
using Omnia.Server.Realtime.Events.Server;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime.Mcp;

/// <summary>
/// The remote MCP servers of one realtime session. A <c>session.update</c> that names a new server (or changes one)
/// starts listing its tools in the background, so the session goes on meanwhile: an <c>mcp_list_tools</c> item is
/// added, <c>mcp_list_tools.in_progress</c> goes out, then <c>.completed</c> with the tools (which the conversation
/// is then given) or an <c>error</c> and <c>.failed</c>. A server the update no longer names is closed. Connections
/// last until the session ends.
/// </summary>
/// <remarks>
/// <see cref="Update"/> is called from the receive loop only; listings end on their own tasks, so the state is
/// locked. After a change the session is told (<c>toolsChanged</c>) and reads <see cref="Tools"/> itself, so the
/// last one told hands the conversation the latest tools.
/// </remarks>
internal sealed partial class RealtimeMcpServers(
    McpConnector connector, RealtimeEventWriter.Sink send, Func<Task> toolsChanged, ILogger logger, CancellationToken closing) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Server> _servers = [];
    private readonly List<Task> _listing = [];

    /// <summary>One named server: its listing, then its connection and the tools it offers.</summary>
    private sealed class Server(McpServerSpec spec)
    {
        public McpServerSpec Spec { get; } = spec;
        public CancellationTokenSource Cancel { get; } = new();
        public McpServerConnection? Connection { get; set; }
        public IReadOnlyList<IServerTool> Tools { get; set; } = [];
    }

    /// <summary>The tools of every listed server, in the order the session names the servers.</summary>
    public IReadOnlyList<IServerTool> Tools
    {
        get
        {
            lock (_gate) return [.. _servers.SelectMany(s => s.Tools)];
        }
    }

    /// <summary>Lists the servers <paramref name="specs"/> adds or changes and closes those it drops.</summary>
    /// <param name="functions">The session's own functions: a server's tool may not take one of their names.</param>
    /// <param name="eventId">The <c>session.update</c>'s id, echoed by a listing's error.</param>
    public void Update(IReadOnlyList<McpServerSpec> specs, IReadOnlyList<AIFunctionDeclaration> functions, string? eventId)
    {
        List<Server> dropped;
        List<Server> added = [];
        lock (_gate)
        {
            dropped = _servers.Where(s => !specs.Any(spec => Same(spec, s.Spec))).ToList();
            foreach (var server in dropped) _servers.Remove(server);
            var kept = _servers.ToList();
            _servers.Clear();
            foreach (var spec in specs)
            {
                var server = kept.Find(s => Same(spec, s.Spec));
                if (server is null) added.Add(server = new Server(spec));
                _servers.Add(server);
            }
            _listing.RemoveAll(t => t.IsCompleted);
            foreach (var server in added) _listing.Add(ListAsync(server, functions, eventId));
            // A dropped server's tools go at once; a listing hands over the tools when it ends.
            foreach (var server in dropped) _listing.Add(CloseAsync(server));
        }
    }

    /// <summary>
    /// Refuses an update whose functions take the name of a tool that a server it keeps has listed: the server's tool
    /// would answer for the function. Checked before the update applies (a listing still running checks its own).
    /// </summary>
    /// <exception cref="RealtimeProtocolException">Naming the function.</exception>
    public void CheckFunctionNames(IReadOnlyList<McpServerSpec> specs, IReadOnlyList<AIFunctionDeclaration> functions)
    {
        lock (_gate)
        {
            foreach (var server in _servers.Where(s => specs.Any(spec => Same(spec, s.Spec))))
            {
                if (functions.FirstOrDefault(f => server.Tools.Any(t => t.Declaration.Name == f.Name)) is { } clash)
                    throw new RealtimeProtocolException("invalid_value",
                        $"Function {Echo.Quote(clash.Name)} has the name of a tool of MCP server {Echo.Quote(server.Spec.Label)}; rename it, or leave the tool out with that server's 'allowed_tools'.",
                        "session.tools");
            }
        }
    }

    /// <summary>The same server with the same settings: an update that repeats the session's tools lists nothing again.</summary>
    private static bool Same(McpServerSpec a, McpServerSpec b) =>
        a.Label == b.Label && a.Url == b.Url && a.Approval.ByDefault == b.Approval.ByDefault
        && a.Approval.Never.SetEquals(b.Approval.Never) && a.Approval.Always.SetEquals(b.Approval.Always)
        && (a.AllowedTools is null ? b.AllowedTools is null : b.AllowedTools is not null && a.AllowedTools.SetEquals(b.AllowedTools))
        && a.Headers.Count == b.Headers.Count && a.Headers.All(h => b.Headers.TryGetValue(h.Key, out var v) && v == h.Value);

    private async Task ListAsync(Server server, IReadOnlyList<AIFunctionDeclaration> functions, string? eventId)
    {
        await Task.Yield();
        var itemId = "item_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
        var item = new RealtimeItem(itemId, "mcp_list_tools", "in_progress") { ServerLabel = server.Spec.Label, Tools = [] };
        Send(new ItemAddedEvent(null, item));
        Send(new McpListToolsInProgressEvent(itemId));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(closing, server.Cancel.Token);
        McpServerConnection? connection = null;
        try
        {
            connection = await connector.ConnectAsync(server.Spec, cancel.Token);
            var listed = connection.Allowed.ToList();
            lock (_gate)
            {
                if (!_servers.Contains(server)) throw new OperationCanceledException();
                // Checked under the lock: two servers listed at once must not both take a name.
                var offered = Offered(server.Spec, listed, functions);
                server.Connection = connection;
                server.Tools = offered.Select(t => (IServerTool)new RealtimeMcpTool(connection, t)).ToList();
            }
            connection = null;
            Send(new McpListToolsCompletedEvent(itemId));
            Send(new ItemDoneEvent(null, item with { Status = "completed", Tools = listed }));
            await toolsChanged();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested || !Named(server))
        {
            // The session ended, or an update dropped the server while it was being listed.
        }
        catch (Exception e)
        {
            var error = e as ApiException ?? new ApiException(424,
                $"Error retrieving tool list from MCP server {Echo.Quote(server.Spec.Label)}: {Echo.Clip(e.Message, 300)}",
                "external_connector_error", $"{server.Spec.Param}.server_url", "mcp_list_tools_failed");
            if (e is not ApiException) ListFailed(logger, server.Spec.Label, e);
            // Not kept: the same tool in a later session.update tries again.
            lock (_gate) _servers.Remove(server);
            Send(new ErrorEvent(new RealtimeError(error.Type, error.Code ?? "mcp_list_tools_failed", error.Message, error.Param, eventId)));
            Send(new McpListToolsFailedEvent(itemId));
            Send(new ItemDoneEvent(null, item with { Status = "incomplete" }));
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The listed tools the model is offered: at most <see cref="McpOptions.MaxToolsPerServer"/>, none taking a name
    /// the session already gives a function or another server's tool (an error, as in <c>/v1/responses</c>). Called under the lock.
    /// </summary>
    private List<McpToolInfo> Offered(McpServerSpec spec, List<McpToolInfo> listed, IReadOnlyList<AIFunctionDeclaration> functions)
    {
        var callable = listed.Where(t => ChatToolMapper.IsFunctionName(t.Name)).ToList();
        var max = connector.Options.MaxToolsPerServer;
        if (callable.Count > max)
            throw ApiException.BadRequest(
                $"MCP server {Echo.Quote(spec.Label)} offers {callable.Count} tools; a session takes at most {max} from one server: name those it needs in 'allowed_tools'.",
                $"{spec.Param}.allowed_tools", "mcp_too_many_tools");
        var taken = _servers.SelectMany(s => s.Tools).Select(t => t.Declaration.Name).Concat(functions.Select(f => f.Name)).ToHashSet(StringComparer.Ordinal);
        if (callable.FirstOrDefault(t => taken.Contains(t.Name)) is { } clash)
            throw ApiException.BadRequest(
                $"Tool {Echo.Quote(clash.Name)} of MCP server {Echo.Quote(spec.Label)} has the name of another tool of the session; leave one out with 'allowed_tools'.",
                $"{spec.Param}.allowed_tools", "mcp_tool_name_taken");
        return callable;
    }

    /// <summary>Queues an event unless the session is closing (then its send queue is about to be completed).</summary>
    private void Send(RealtimeServerEvent evt)
    {
        if (!closing.IsCancellationRequested) send(evt);
    }

    private async Task CloseAsync(Server server)
    {
        await Task.Yield();
        await server.Cancel.CancelAsync();
        await toolsChanged();
        if (server.Connection is { } connection) await connection.DisposeAsync();
    }

    private bool Named(Server server)
    {
        lock (_gate) return _servers.Contains(server);
    }

    public async ValueTask DisposeAsync()
    {
        List<Task> listing;
        List<Server> servers;
        lock (_gate)
        {
            listing = [.. _listing];
            servers = [.. _servers];
            _servers.Clear();
        }
        foreach (var server in servers) await server.Cancel.CancelAsync();
        try
        {
            await Task.WhenAll(listing);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        foreach (var server in servers)
        {
            if (server.Connection is { } connection) await connection.DisposeAsync();
            server.Cancel.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the tools of MCP server {Label} for a realtime session failed")]
    private static partial void ListFailed(ILogger logger, string label, Exception error);
}
