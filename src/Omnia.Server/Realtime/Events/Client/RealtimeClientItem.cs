namespace Omnia.Server.Realtime.Events.Client;

/// <summary><c>conversation.item.create</c>'s item: a message (role, content), a function call or its output, or an <c>mcp_approval_response</c>.</summary>
internal sealed record RealtimeClientItem(string? Type, string? Id)
{
    public string? Role { get; init; }
    public IReadOnlyList<RealtimeClientContentPart>? Content { get; init; }
    public string? CallId { get; init; }
    public string? Name { get; init; }
    public string? Arguments { get; init; }
    public string? Output { get; init; }
    public string? ApprovalRequestId { get; init; }
    public bool? Approve { get; init; }
    public string? Reason { get; init; }
}

/// <summary>A content part of a client's message: its text, a transcript of audio, or a picture (<c>input_image</c>: a data or http(s) URL).</summary>
internal sealed record RealtimeClientContentPart(string? Type, string? Text, string? Transcript)
{
    public string? ImageUrl { get; init; }
    public string? Detail { get; init; }
}
