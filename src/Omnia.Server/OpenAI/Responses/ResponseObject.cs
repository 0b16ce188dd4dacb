using System.Text.Json;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>The <c>response</c> object, as created, streamed, stored and retrieved.</summary>
public sealed record ResponseObject
{
    public required string Id { get; init; }
    public string Object { get; init; } = "response";
    public required long CreatedAt { get; init; }
    /// <summary>queued, in_progress, completed, incomplete, failed or cancelled.</summary>
    public required string Status { get; init; }
    public bool Background { get; init; }
    public ResponseErrorDto? Error { get; init; }
    public IncompleteDetailsDto? IncompleteDetails { get; init; }
    public string? Instructions { get; init; }
    public int? MaxOutputTokens { get; init; }
    public required string Model { get; init; }
    public IReadOnlyList<ResponseItem> Output { get; init; } = [];
    public bool ParallelToolCalls { get; init; } = true;
    public string? PreviousResponseId { get; init; }
    public ConversationReferenceDto? Conversation { get; init; }
    public bool Store { get; init; } = true;
    public float Temperature { get; init; } = 1;
    public float TopP { get; init; } = 1;
    public required ResponseTextDto Text { get; init; }
    public required JsonElement ToolChoice { get; init; }
    public IReadOnlyList<ResponseToolDto> Tools { get; init; } = [];
    public string Truncation { get; init; } = "disabled";
    public ResponseUsageDto? Usage { get; init; }
    public string? User { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>Why a response failed: <c>code</c> is OpenAI's (server_error, rate_limit_exceeded, invalid_prompt…).</summary>
public sealed record ResponseErrorDto(string Code, string Message);

/// <summary>Why a response stopped early: max_output_tokens or content_filter.</summary>
public sealed record IncompleteDetailsDto(string Reason);

/// <summary>The conversation a response belongs to.</summary>
public sealed record ConversationReferenceDto(string Id);

public sealed record ResponseUsageDto(int InputTokens, InputTokensDetailsDto InputTokensDetails, int OutputTokens, OutputTokensDetailsDto OutputTokensDetails, int TotalTokens);

public sealed record InputTokensDetailsDto(int CachedTokens);

public sealed record OutputTokensDetailsDto(int ReasoningTokens);

/// <summary><c>{"id", "object": "response.deleted", "deleted": true}</c> (and the same shape for conversations).</summary>
public sealed record DeletedObject(string Id, string Object, bool Deleted);

/// <summary>A page of items: <c>{"object": "list", "data", "first_id", "last_id", "has_more"}</c>.</summary>
public sealed record ItemListDto(IReadOnlyList<JsonElement> Data, string? FirstId, string? LastId, bool HasMore)
{
    public string Object { get; init; } = "list";
}
