using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Media;

namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// Connects to remote MCP servers with the SDK's HTTP client transport (Streamable HTTP, falling back to SSE), over
/// connections that obey the media fetcher's <see cref="AddressPolicy"/>, and lists their tools within
/// <see cref="McpOptions.ListTimeout"/>. A server that cannot be reached or listed is a 424, as OpenAI answers;
/// a forbidden address is a 400 naming <c>tools[i].server_url</c>.
/// </summary>
internal sealed partial class McpConnector : IDisposable
{
    private readonly HttpClient _http;
    private readonly McpOptions _options;
    private readonly ILogger<McpConnector> _logger;

    public McpConnector(IOptions<McpOptions> options, IOptions<MediaOptions> media, ILogger<McpConnector> logger)
    {
        _options = options.Value;
        _logger = logger;
        // No overall HttpClient timeout: an SSE stream stays open for the session; each step has its own bound.
        _http = new HttpClient(GuardedConnect.Handler(media.Value.AllowPrivateUrls, _options.ListTimeout)) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public McpOptions Options => _options;

    public async Task<McpServerConnection> ConnectAsync(McpServerSpec spec, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ListTimeout);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = spec.Url,
            Name = spec.Label,
            TransportMode = HttpTransportMode.AutoDetect,
            ConnectionTimeout = _options.ListTimeout,
            AdditionalHeaders = new Dictionary<string, string>(spec.Headers),
        }, _http, NullLoggerFactory.Instance, ownsHttpClient: false);
        McpClient? client = null;
        try
        {
            // The SDK logs nothing here: its messages would carry tool arguments and outputs.
            client = await McpClient.CreateAsync(transport, new McpClientOptions(), NullLoggerFactory.Instance, timeout.Token);
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            return new McpServerConnection(spec, client, tools, _options);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (client is not null) await client.DisposeAsync();
            else await transport.DisposeAsync();
            if (GuardedConnect.Forbidden(e) is { } forbidden)
                throw ApiException.BadRequest(
                    $"'{spec.Param}.server_url' points to {forbidden}, a private or local address the server does not connect to (allowed only by configuration: --allow-private-media-urls).",
                    $"{spec.Param}.server_url", "mcp_server_url_forbidden");
            var reason = e is OperationCanceledException ? $"no answer within {_options.ListTimeout.TotalSeconds:0} s" : e.Message;
            ListFailed(_logger, spec.Label, spec.Url.Host, reason);
            throw new ApiException(424,
                $"Error retrieving tool list from MCP server {Echo.Quote(spec.Label)} at {spec.Url.Host}: {Echo.Clip(reason, 300)}",
                "external_connector_error", $"{spec.Param}.server_url", "mcp_list_tools_failed");
        }
        catch
        {
            if (client is not null) await client.DisposeAsync();
            else await transport.DisposeAsync();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    // The host only: the URL's path and query, like the headers, may carry credentials.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the tools of MCP server {Label} at {Host} failed: {Reason}")]
    private static partial void ListFailed(ILogger logger, string label, string host, string reason);
}
