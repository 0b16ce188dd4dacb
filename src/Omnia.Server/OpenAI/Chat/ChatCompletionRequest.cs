using System.Text.Json;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>
/// The body of <c>POST /v1/chat/completions</c>. Fields whose shape varies (content, stop, tool_choice) stay JSON until
/// mapped; list items are nullable because a client can send <c>[null]</c>, and the mappers say so with a 400.
/// </summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }
    public List<ChatMessageDto?>? Messages { get; init; }
    public float? Temperature { get; init; }
    public float? TopP { get; init; }
    public int? TopK { get; init; }
    public float? MinP { get; init; }
    public float? RepeatPenalty { get; init; }
    public bool? IgnoreEos { get; init; }

    /// <summary>llama.cpp's switch: false neither reuses a cached prompt prefix nor leaves one.</summary>
    public bool? CachePrompt { get; init; }
    public int? N { get; init; }
    public bool? Stream { get; init; }
    public StreamOptionsDto? StreamOptions { get; init; }
    public JsonElement? Stop { get; init; }
    public int? MaxTokens { get; init; }
    public int? MaxCompletionTokens { get; init; }
    public float? PresencePenalty { get; init; }
    public float? FrequencyPenalty { get; init; }
    public long? Seed { get; init; }
    public ResponseFormatDto? ResponseFormat { get; init; }
    public List<ToolDto?>? Tools { get; init; }
    public JsonElement? ToolChoice { get; init; }
    public bool? ParallelToolCalls { get; init; }
    public bool? Logprobs { get; init; }
    public string? User { get; init; }
    public List<string?>? Modalities { get; init; }
    public ChatAudioOptionsDto? Audio { get; init; }
}

public sealed record ChatAudioOptionsDto(string? Voice, string? Format);

public sealed record AssistantAudioReferenceDto(string? Id);

public sealed record StreamOptionsDto(bool? IncludeUsage);

public sealed record ChatMessageDto
{
    public string? Role { get; init; }
    public JsonElement? Content { get; init; }
    public string? Name { get; init; }
    public List<ToolCallDto?>? ToolCalls { get; init; }
    public string? ToolCallId { get; init; }
    public AssistantAudioReferenceDto? Audio { get; init; }
}

public sealed record ToolCallDto
{
    public string? Id { get; init; }
    public string? Type { get; init; }
    public FunctionCallDto? Function { get; init; }
}

public sealed record FunctionCallDto(string? Name, string? Arguments);

public sealed record ToolDto
{
    public string? Type { get; init; }
    public FunctionDefinitionDto? Function { get; init; }
}

public sealed record FunctionDefinitionDto
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public JsonElement? Parameters { get; init; }
    public bool? Strict { get; init; }
}

public sealed record ResponseFormatDto
{
    public string? Type { get; init; }
    public JsonSchemaFormatDto? JsonSchema { get; init; }
}

public sealed record JsonSchemaFormatDto
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public JsonElement? Schema { get; init; }
    public bool? Strict { get; init; }
}
