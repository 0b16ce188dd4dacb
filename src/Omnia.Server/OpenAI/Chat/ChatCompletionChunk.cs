using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>One streamed <c>chat.completion.chunk</c>; the usage-only last chunk has no choices.</summary>
public sealed record ChatCompletionChunk(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<ChunkChoiceDto> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UsageDto? Usage = null)
{
    public string Object => "chat.completion.chunk";
    public string SystemFingerprint => OpenAIProtocol.SystemFingerprint;
}

public sealed record ChunkChoiceDto(int Index, ChunkDeltaDto Delta, string? FinishReason)
{
    public object? Logprobs => null;
}

public sealed record ChunkDeltaDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ToolCallOutDto>? ToolCalls = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AssistantAudioDto? Audio = null);
