using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// One remote MCP server for the length of one response: the tools it listed, and calls to them. A call never
/// throws: its failure (an error result, an exception, <see cref="McpOptions.CallTimeout"/>) is the error the
/// <c>mcp_call</c> item and the model are shown.
/// </summary>
internal sealed class McpServerConnection(McpServerSpec spec, McpClient client, IList<McpClientTool> tools, McpOptions options) : IAsyncDisposable
{
    public McpServerSpec Spec => spec;

    /// <summary>Every tool the server listed.</summary>
    private IReadOnlyList<McpToolInfo> Listed { get; } = tools.Select(t => new McpToolInfo(
        t.ProtocolTool.Name,
        t.ProtocolTool.Description,
        t.ProtocolTool.InputSchema,
        t.ProtocolTool.Annotations is null ? null : JsonSerializer.SerializeToElement(t.ProtocolTool.Annotations, McpJsonUtilities.DefaultOptions))).ToList();

    /// <summary>The listed tools imported: those <c>allowed_tools</c> names (all when it is absent).</summary>
    public IEnumerable<McpToolInfo> Allowed => Listed.Where(t => spec.AllowedTools?.Contains(t.Name) ?? true);

    public async Task<(string? Output, string? Error)> CallAsync(string name, string arguments, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CallTimeout);
        try
        {
            var parsed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments) ?? [];
            var result = await client.CallToolAsync(name, parsed.ToDictionary(p => p.Key, p => (object?)p.Value), cancellationToken: timeout.Token);
            var text = Clip(Text(result));
            return result.IsError == true ? (null, text.Length > 0 ? text : "The tool reported an error.") : (text, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"The MCP server did not answer within {options.CallTimeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, Clip(e.Message));
        }
    }

    /// <summary>The result's text blocks joined; other blocks (images, resources) as their JSON, structured content when there is nothing else.</summary>
    private static string Text(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(block is TextContentBlock t ? t.Text : JsonSerializer.Serialize(block, McpJsonUtilities.DefaultOptions));
        }
        if (text.Length == 0 && result.StructuredContent is { } structured) text.Append(structured.ToString());
        return text.ToString();
    }

    private string Clip(string text) => text.Length <= options.MaxOutputCharacters
        ? text
        : text[..options.MaxOutputCharacters] + $"\n[output cut at {options.MaxOutputCharacters} characters]";

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
