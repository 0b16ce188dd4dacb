using System.Text.Json;

namespace Omnia.Server.OpenAI.Conversations;

/// <summary>The <c>conversation</c> object: <c>{"id", "object": "conversation", "created_at", "metadata"}</c>.</summary>
public sealed record ConversationObject(string Id, long CreatedAt, JsonElement Metadata)
{
    public string Object { get; init; } = "conversation";
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
