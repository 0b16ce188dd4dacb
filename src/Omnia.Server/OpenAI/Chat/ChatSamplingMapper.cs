using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>
/// Sampling, length, stop and format options, each checked against the range OpenAI documents (llama.cpp's for its
/// own extras); a number outside it, or not finite, is a 400 naming it.
/// </summary>
internal static class ChatSamplingMapper
{
    private const int MaxStopSequences = 4;

    public static ChatOptions Map(ChatCompletionRequest request)
    {
        Check(request.Temperature, 0, 2, "temperature", "between 0 and 2");
        Check(request.TopP, 0, 1, "top_p", "greater than 0 and at most 1", minExclusive: true);
        Check(request.PresencePenalty, -2, 2, "presence_penalty", "between -2 and 2");
        Check(request.FrequencyPenalty, -2, 2, "frequency_penalty", "between -2 and 2");
        Check(request.MinP, 0, 1, "min_p", "between 0 and 1");
        Check(request.RepeatPenalty, 0, 10, "repeat_penalty", "greater than 0 and at most 10", minExclusive: true);
        if (request.TopK is < 0)
            throw ApiException.BadRequest("top_k must be 0 (off) or more.", "top_k");
        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is < 1)
            throw ApiException.BadRequest($"{MaxTokensParam(request)} must be at least 1.", MaxTokensParam(request));

        var options = new ChatOptions
        {
            Temperature = request.Temperature,
            TopP = request.TopP,
            TopK = request.TopK,
            PresencePenalty = request.PresencePenalty,
            FrequencyPenalty = request.FrequencyPenalty,
            Seed = request.Seed,
            MaxOutputTokens = maxTokens,
            StopSequences = StopSequences(request.Stop),
            ResponseFormat = ResponseFormat(request.ResponseFormat),
        };
        if (request.MinP is { } minP) (options.AdditionalProperties ??= [])["min_p"] = minP;
        if (request.IgnoreEos == true) (options.AdditionalProperties ??= [])["ignore_eos"] = true;
        if (request.CachePrompt == false) (options.AdditionalProperties ??= [])["cache_prompt"] = false;
        if (request.RepeatPenalty is { } repeat) (options.AdditionalProperties ??= [])["repeat_penalty"] = repeat;
        return options;
    }

    private static string MaxTokensParam(ChatCompletionRequest request) => request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens";

    /// <summary>A 400 naming <paramref name="param"/> unless the value is absent or finite and within the range.</summary>
    public static void Check(float? value, float min, float max, string param, string range, bool minExclusive = false)
    {
        if (value is not { } v) return;
        var inRange = float.IsFinite(v) && (minExclusive ? v > min : v >= min) && v <= max;
        if (!inRange) throw ApiException.BadRequest($"{param} must be {range}.", param, "invalid_value");
    }

    /// <summary>Output constrained to a JSON Schema (through the engine's grammar); <paramref name="param"/> names the schema.</summary>
    public static ChatResponseFormat JsonSchema(JsonElement? schema, string? name, string? description, string param) => schema is { ValueKind: JsonValueKind.Object } given
        ? ChatResponseFormat.ForJsonSchema(given, name, description)
        : throw ApiException.BadRequest($"{param} must be a JSON Schema object.", param);

    private static List<string>? StopSequences(JsonElement? stop)
    {
        switch (stop)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } one:
                return string.IsNullOrEmpty(one.GetString()) ? null : [one.GetString()!];
            case { ValueKind: JsonValueKind.Array } many when many.GetArrayLength() <= MaxStopSequences
                && many.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String):
                return many.EnumerateArray().Select(s => s.GetString()!).Where(s => s.Length > 0).ToList();
            default:
                throw ApiException.BadRequest($"'stop' must be a string or an array of at most {MaxStopSequences} strings.", "stop");
        }
    }

    private static ChatResponseFormat? ResponseFormat(ResponseFormatDto? format) => format?.Type switch
    {
        null or "text" => null,
        "json_object" => ChatResponseFormat.Json,
        "json_schema" => JsonSchema(format.JsonSchema?.Schema, format.JsonSchema?.Name, format.JsonSchema?.Description, "response_format.json_schema.schema"),
        _ => throw ApiException.BadRequest($"Invalid value for 'response_format.type': {Echo.Quote(format.Type)}. Supported: 'text', 'json_object', 'json_schema'.", "response_format.type"),
    };
}
