using Microsoft.Extensions.Logging;
using Omnia.Models;
using Omnia.Server.Observability;
using Omnia.Server.OpenAI.Media;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>What the Responses and Conversations endpoints use, resolved once.</summary>
internal sealed record ResponsesDependencies(
    ModelRegistry Registry,
    ServerMetrics Metrics,
    TimeProvider Time,
    ChatMediaPreparer Media,
    ResponseStores Stores,
    BackgroundResponses Background,
    ResponseLeases Leases,
    Mcp.McpConnector Mcp,
    ILogger<ResponsesDependencies> Logger);
