using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>A non-streamed <c>chat.completion</c>.</summary>
public sealed record ChatCompletionResponse(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<ChatChoiceDto> Choices,
    UsageDto Usage)
{
    public string Object => "chat.completion";
    public string SystemFingerprint => OpenAIProtocol.SystemFingerprint;
}

public sealed record ChatChoiceDto(int Index, AssistantMessageDto Message, string? FinishReason)
{
    public object? Logprobs => null;
}

public sealed record AssistantMessageDto(
    string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ToolCallOutDto>? ToolCalls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AssistantAudioDto? Audio = null)
{
    public string Role => "assistant";
    public string? Refusal => null;
}

public sealed record ToolCallOutDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    string Id,
    FunctionCallOutDto Function)
{
    public string Type => "function";
}

public sealed record FunctionCallOutDto(string Name, string Arguments);

/// <summary>Token counts; <see cref="PromptTokensDetails"/> says how much of the prompt came from the prompt cache.</summary>
public sealed record UsageDto(int PromptTokens, int CompletionTokens, PromptTokensDetailsDto PromptTokensDetails)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

public sealed record PromptTokensDetailsDto(int CachedTokens);

/// <summary>A spoken answer: <see cref="Data"/> is base64 audio in the requested format; <see cref="ExpiresAt"/> is unix seconds.</summary>
public sealed record AssistantAudioDto(
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Transcript,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExpiresAt);
