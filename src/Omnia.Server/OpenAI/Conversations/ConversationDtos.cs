using System.Text.Json;

namespace Omnia.Server.OpenAI.Conversations;

/// <summary>The <c>conversation</c> object: <c>{"id", "object": "conversation", "created_at", "metadata"}</c>.</summary>
public sealed record ConversationObject(string Id, long CreatedAt, JsonElement Metadata)
{
    public string Object { get; init; } = "conversation";
}

/// <summary>A page of conversations (<c>GET /v1/conversations</c>, an Omnia extension), in the shape of OpenAI's lists.</summary>
public sealed record ConversationListDto(IReadOnlyList<ConversationObject> Data, string? FirstId, string? LastId, bool HasMore)
{
    public string Object { get; init; } = "list";
}

/// <summary>The body of <c>POST /v1/conversations</c>: its first items and metadata, both optional.</summary>
public sealed record ConversationCreateRequest
{
    public JsonElement? Items { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>The body of <c>POST /v1/conversations/{id}</c>: the metadata that replaces the old.</summary>
public sealed record ConversationUpdateRequest
{
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>The body of <c>POST /v1/conversations/{id}/items</c>.</summary>
public sealed record ConversationItemsRequest
{
    public JsonElement? Items { get; init; }
}
