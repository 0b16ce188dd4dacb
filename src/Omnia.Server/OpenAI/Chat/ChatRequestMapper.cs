using Microsoft.Extensions.AI;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>
/// Validates a chat completion request and turns it into Microsoft.Extensions.AI messages and options. Each part has
/// its own mapper (messages, content parts, tools, sampling); all of them fail only with a 400 naming the param.
/// </summary>
internal static class ChatRequestMapper
{
    private static readonly string[] AudioFormats = ["wav", "mp3", "flac", "opus", "aac", "pcm16"];

    public static MappedChatRequest Map(ChatCompletionRequest request, AssistantAudioStore audioStore)
    {
        ModelResolver.RequireName(request.Model);
        if (request.Messages is not { Count: > 0 })
            throw ApiException.BadRequest("'messages' must be a non-empty array.", "messages");
        if (request.N is { } n && n != 1)
            throw ApiException.BadRequest(n < 1 ? "n must be at least 1." : "n > 1 is not supported: send one request per choice.", "n");
        if (request.Logprobs == true)
            throw ApiException.BadRequest("logprobs are not supported.", "logprobs");

        var messages = request.Messages.Select((m, i) => ChatMessageMapper.Map(m, JsonPath.Index("messages", i), audioStore)).ToList();
        var audio = AudioOutput(request);
        var options = ChatSamplingMapper.Map(request);
        options.Tools = ChatToolMapper.Tools(request.Tools);
        options.ToolMode = ChatToolMapper.ToolMode(request.ToolChoice);
        options.AllowMultipleToolCalls = request.ParallelToolCalls;
        options.ModelId = request.Model;
        if (options.ToolMode is RequiredChatToolMode && options.Tools is not { Count: > 0 })
            throw ApiException.BadRequest("tool_choice requires tools.", "tool_choice");

        return new MappedChatRequest(request.Model, messages, options, request.Stream == true, request.StreamOptions?.IncludeUsage == true, audio);
    }

    private static ChatAudioOutput? AudioOutput(ChatCompletionRequest request)
    {
        var modalities = request.Modalities ?? ["text"];
        for (var i = 0; i < modalities.Count; i++)
            if (modalities[i] is not ("text" or "audio"))
                throw ApiException.BadRequest($"Invalid value for 'modalities[{i}]': {Echo.Quote(modalities[i])}. Supported: \"text\", \"audio\".", $"modalities[{i}]");
        if (modalities.Count == 0)
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
            throw ApiException.BadRequest($"Invalid value for 'audio.format': {Echo.Quote(format)}. Supported: {string.Join(", ", AudioFormats)}.", "audio.format");
        if (request.Stream == true && format != "pcm16")
            throw ApiException.BadRequest("Streamed audio must use 'audio.format': 'pcm16'.", "audio.format");
        return new ChatAudioOutput(request.Audio.Voice, format);
    }
}
