using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Omnia.Models;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>Validates a chat completion request and turns it into Microsoft.Extensions.AI messages and options.</summary>
internal static partial class ChatRequestMapper
{
    private const int MaxStopSequences = 4;

    private static readonly string[] AudioFormats = ["wav", "mp3", "flac", "opus", "aac", "pcm16"];

    public static MappedChatRequest Map(ChatCompletionRequest request, AssistantAudioStore audioStore)
    {
        if (string.IsNullOrEmpty(request.Model))
            throw ApiException.BadRequest("You must provide a model parameter.", "model");
        if (!ModelName.IsSafe(request.Model))
            throw ApiException.BadRequest($"'{request.Model}' is not a valid model name: names cannot contain path separators or '..'.", "model", "invalid_model_name");
        if (request.Messages is not { Count: > 0 })
            throw ApiException.BadRequest("'messages' must be a non-empty array.", "messages");
        if (request.N is { } n && n != 1)
            throw ApiException.BadRequest(n < 1 ? "n must be at least 1." : "n > 1 is not supported: send one request per choice.", "n");
        if (request.Logprobs == true)
            throw ApiException.BadRequest("logprobs are not supported.", "logprobs");

        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is < 1)
            throw ApiException.BadRequest("max_tokens must be at least 1.", request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens");

        var messages = request.Messages.Select((m, i) => MapMessage(m, i, audioStore)).ToList();
        var audio = AudioOutput(request);
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
            Tools = Tools(request.Tools),
            ToolMode = ToolMode(request.ToolChoice),
            AllowMultipleToolCalls = request.ParallelToolCalls,
            ModelId = request.Model,
        };
        if (request.MinP is { } minP) (options.AdditionalProperties ??= [])["min_p"] = minP;
        if (request.IgnoreEos == true) (options.AdditionalProperties ??= [])["ignore_eos"] = true;
        if (request.RepeatPenalty is { } repeat) (options.AdditionalProperties ??= [])["repeat_penalty"] = repeat;
        if (options.ToolMode is RequiredChatToolMode && options.Tools is not { Count: > 0 })
            throw ApiException.BadRequest("tool_choice requires tools.", "tool_choice");

        return new MappedChatRequest(request.Model, messages, options, request.Stream == true, request.StreamOptions?.IncludeUsage == true, audio);
    }

    private static ChatAudioOutput? AudioOutput(ChatCompletionRequest request)
    {
        var modalities = request.Modalities ?? ["text"];
        if (modalities.Count == 0 || modalities.Any(m => m is not ("text" or "audio")))
            throw ApiException.BadRequest("'modalities' must be [\"text\"] or [\"text\", \"audio\"].", "modalities");
        if (!modalities.Contains("audio"))
        {
            if (request.Audio is not null)
                throw ApiException.BadRequest("'audio' is only allowed when 'modalities' includes \"audio\".", "audio");
            return null;
        }
        if (request.Audio is null)
            throw ApiException.BadRequest("Missing required parameter: 'audio' (voice and format) when 'modalities' includes \"audio\".", "audio");
        if (string.IsNullOrEmpty(request.Audio.Voice))
            throw ApiException.BadRequest("Missing required parameter: 'audio.voice'.", "audio.voice");
        var format = request.Audio.Format ?? "";
        if (!AudioFormats.Contains(format))
            throw ApiException.BadRequest($"Invalid value for 'audio.format': '{format}'. Supported: {string.Join(", ", AudioFormats)}.", "audio.format");
        if (request.Stream == true && format != "pcm16")
            throw ApiException.BadRequest("Streamed audio must use 'audio.format': 'pcm16'.", "audio.format");
        return new ChatAudioOutput(request.Audio.Voice, format);
    }

    private static ChatMessage MapMessage(ChatMessageDto dto, int index, AssistantAudioStore audioStore)
    {
        var param = $"messages[{index}]";
        var role = dto.Role switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            null => throw ApiException.BadRequest($"Missing required parameter: '{param}.role'.", $"{param}.role"),
            _ => throw ApiException.BadRequest($"Invalid value for '{param}.role': '{dto.Role}'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.", $"{param}.role"),
        };

        var contents = new List<AIContent>();
        if (role == ChatRole.Tool)
        {
            if (string.IsNullOrEmpty(dto.ToolCallId))
                throw ApiException.BadRequest($"Missing required parameter: '{param}.tool_call_id'.", $"{param}.tool_call_id");
            contents.Add(new FunctionResultContent(dto.ToolCallId, ContentText(dto.Content, param)));
            return new ChatMessage(role, contents);
        }

        contents.AddRange(ContentParts(dto.Content, param, allowNull: role == ChatRole.Assistant));
        if (role == ChatRole.Assistant && dto.Audio is { } audio)
        {
            // An earlier spoken answer, referred to by id: the model reads what it said.
            if (audio.Id is null || !audioStore.TryGetTranscript(audio.Id, out var transcript))
                throw ApiException.BadRequest($"'{param}.audio.id' ('{audio.Id}') is unknown or has expired.", $"{param}.audio.id");
            contents.Add(new TextContent(transcript));
        }
        foreach (var (call, i) in (dto.ToolCalls ?? []).Select((c, i) => (c, i)))
            contents.Add(MapToolCall(call, $"{param}.tool_calls[{i}]"));
        return new ChatMessage(role, contents) { AuthorName = dto.Name };
    }

    private static IEnumerable<AIContent> ContentParts(JsonElement? content, string param, bool allowNull)
    {
        switch (content)
        {
            case null or { ValueKind: JsonValueKind.Null } when allowNull:
                yield break;
            case { ValueKind: JsonValueKind.String } text:
                yield return new TextContent(text.GetString());
                yield break;
            case { ValueKind: JsonValueKind.Array } parts:
                var i = 0;
                foreach (var part in parts.EnumerateArray())
                    yield return ContentPart(part, $"{param}.content[{i++}]");
                yield break;
            default:
                throw ApiException.BadRequest($"Invalid type for '{param}.content': expected a string or an array of content parts.", $"{param}.content");
        }
    }

    private static AIContent ContentPart(JsonElement part, string param)
    {
        var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text" when part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String:
                return new TextContent(text.GetString());
            case "refusal" when part.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String:
                return new TextContent(refusal.GetString());
            case "image_url" when part.TryGetProperty("image_url", out var image) && image.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String:
                var media = MediaPart(url.GetString()!, "image/*", $"{param}.image_url.url");
                var detail = image.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : "auto";
                if (detail is not ("auto" or "low" or "high"))
                    throw ApiException.BadRequest($"Invalid value for '{param}.image_url.detail': '{detail}'. Supported: auto, low, high.", $"{param}.image_url.detail");
                (media.AdditionalProperties ??= [])[Media.ChatMediaPreparer.DetailKey] = detail;
                return media;
            case "input_audio" when part.TryGetProperty("input_audio", out var audio) && audio.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String:
                var format = audio.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "wav";
                if (format is not ("wav" or "mp3"))
                    throw ApiException.BadRequest($"Invalid value for '{param}.input_audio.format': '{format}'. Supported: wav, mp3.", $"{param}.input_audio.format");
                return DecodeBase64(data.GetString()!, "audio/" + format, $"{param}.input_audio.data");
            case "text" or "refusal" or "image_url" or "input_audio":
                throw ApiException.BadRequest($"Content part '{param}' of type '{type}' is missing its fields.", param);
            default:
                throw ApiException.BadRequest($"Invalid content part type '{type}' in '{param}'. Supported: 'text', 'image_url', 'input_audio'.", $"{param}.type");
        }
    }

    private static AIContent MediaPart(string url, string fallbackMediaType, string param)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new DataContent(url);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw ApiException.BadRequest($"'{param}' is not a valid data URL: {e.Message}", param, "invalid_image_url");
            }
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return new UriContent(uri, fallbackMediaType);
        throw ApiException.BadRequest($"'{param}' must be an http(s) URL or a data URL.", param, "invalid_image_url");
    }

    private static DataContent DecodeBase64(string base64, string mediaType, string param)
    {
        try
        {
            return new DataContent(Convert.FromBase64String(base64), mediaType);
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest($"'{param}' is not valid base64.", param);
        }
    }

    private static string ContentText(JsonElement? content, string param) =>
        string.Concat(ContentParts(content, param, allowNull: true).OfType<TextContent>().Select(t => t.Text));

    private static FunctionCallContent MapToolCall(ToolCallDto call, string param)
    {
        if (call.Function?.Name is not { Length: > 0 } name)
            throw ApiException.BadRequest($"Missing required parameter: '{param}.function.name'.", $"{param}.function.name");
        Dictionary<string, object?>? arguments = null;
        if (!string.IsNullOrWhiteSpace(call.Function.Arguments))
        {
            try
            {
                using var document = JsonDocument.Parse(call.Function.Arguments);
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
                arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            }
            catch (JsonException)
            {
                throw ApiException.BadRequest($"'{param}.function.arguments' must be a JSON object encoded as a string.", $"{param}.function.arguments");
            }
        }
        return new FunctionCallContent(call.Id ?? "", name, arguments);
    }

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
        "json_schema" when format.JsonSchema?.Schema is { ValueKind: JsonValueKind.Object } schema =>
            ChatResponseFormat.ForJsonSchema(schema, format.JsonSchema.Name, format.JsonSchema.Description),
        "json_schema" => throw ApiException.BadRequest("response_format.json_schema.schema must be a JSON Schema object.", "response_format.json_schema.schema"),
        _ => throw ApiException.BadRequest($"Invalid value for 'response_format.type': '{format.Type}'. Supported: 'text', 'json_object', 'json_schema'.", "response_format.type"),
    };

    private static List<AITool>? Tools(List<ToolDto>? tools)
    {
        if (tools is null or { Count: 0 }) return null;
        var result = new List<AITool>();
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (tool.Type != "function")
                throw ApiException.BadRequest($"Invalid value for 'tools[{i}].type': only 'function' is supported.", $"tools[{i}].type");
            if (tool.Function?.Name is not { } name || !FunctionName().IsMatch(name))
                throw ApiException.BadRequest($"'tools[{i}].function.name' must be 1-64 letters, digits, underscores or dashes.", $"tools[{i}].function.name");
            var parameters = tool.Function.Parameters is { ValueKind: JsonValueKind.Object } p ? p : EmptyObjectSchema;
            result.Add(AIFunctionFactory.CreateDeclaration(name, tool.Function.Description, parameters));
        }
        return result;
    }

    private static ChatToolMode? ToolMode(JsonElement? choice)
    {
        switch (choice)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } mode:
                return mode.GetString() switch
                {
                    "auto" => ChatToolMode.Auto,
                    "none" => ChatToolMode.None,
                    "required" => ChatToolMode.RequireAny,
                    var other => throw ApiException.BadRequest($"Invalid value for 'tool_choice': '{other}'.", "tool_choice"),
                };
            case { ValueKind: JsonValueKind.Object } named when named.TryGetProperty("function", out var f)
                && f.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String:
                return ChatToolMode.RequireSpecific(name.GetString()!);
            default:
                throw ApiException.BadRequest("'tool_choice' must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice");
        }
    }

    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
