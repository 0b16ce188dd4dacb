namespace Omnia.Server.Realtime.Events.Server;

/// <summary>A remote MCP server's tools are being listed, into the <c>mcp_list_tools</c> item <paramref name="ItemId"/>.</summary>
internal sealed record McpListToolsInProgressEvent(string ItemId) : RealtimeServerEvent;

internal sealed record McpListToolsCompletedEvent(string ItemId) : RealtimeServerEvent;

/// <summary>Listing failed: an <c>error</c> event before it says why.</summary>
internal sealed record McpListToolsFailedEvent(string ItemId) : RealtimeServerEvent;

internal sealed record McpCallArgumentsDeltaEvent(string ResponseId, string ItemId, int OutputIndex, string Delta) : RealtimeServerEvent;

internal sealed record McpCallArgumentsDoneEvent(string ResponseId, string ItemId, int OutputIndex, string Arguments) : RealtimeServerEvent;

internal sealed record McpCallInProgressEvent(string ItemId, int OutputIndex) : RealtimeServerEvent;

internal sealed record McpCallCompletedEvent(string ItemId, int OutputIndex) : RealtimeServerEvent;

/// <summary>The call failed; its item's <c>error</c> says why.</summary>
internal sealed record McpCallFailedEvent(string ItemId, int OutputIndex) : RealtimeServerEvent;
