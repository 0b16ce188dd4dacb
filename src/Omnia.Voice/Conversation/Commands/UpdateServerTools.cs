namespace Omnia.Voice.Conversation;

/// <summary>
/// Replaces the server tools every response is offered (those of the session's remote MCP servers, once listed),
/// without touching the other settings and without an acknowledgement: the client did not ask for it.
/// </summary>
public sealed record UpdateServerTools(IReadOnlyList<IServerTool> Tools) : VoiceCommand;
