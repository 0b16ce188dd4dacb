namespace Omnia.Server.Realtime.Events.Client;

/// <summary><c>conversation.item.create</c>'s item: a message (role, content) or a function call or its output.</summary>
internal sealed record RealtimeClientItem(string? Type, string? Id)
{
    public string? Role { get; init; }
    public IReadOnlyList<RealtimeClientContentPart>? Content { get; init; }
    public string? CallId { get; init; }
    public string? Name { get; init; }
    public string? Arguments { get; init; }
    public string? Output { get; init; }
}

/// <summary>A content part of a client's message: its text, or a transcript of audio.</summary>
internal sealed record RealtimeClientContentPart(string? Type, string? Text, string? Transcript);
