using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Server.Errors;
using Omnia.Server.Observability;
using Omnia.Voice.Synthesis;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>
/// One streamed completion as SSE chunks: text deltas, or — when audio was asked for — transcript and pcm16 audio
/// deltas interleaved as the speech is synthesized clause by clause. Failures after the first byte arrive in-band.
/// </summary>
internal sealed class ChatStream(IAsyncEnumerator<ChatResponseUpdate> updates, bool any, MappedChatRequest request, CompletionMeter meter, TimeProvider time)
{
    private readonly string _id = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    private readonly long _created = time.GetUtcNow().ToUnixTimeSeconds();
    /// <summary>
    /// Tool-call chunks waiting to go out. With audio, the speaker reads the text on a task of its own while the chunks
    /// are sent from here, so the two sides meet in a concurrent queue.
    /// </summary>
    private readonly ConcurrentQueue<string> _toolCalls = new();
    private UsageDetails? _usage;
    private ChatFinishReason? _finish;
    private ApiException? _failure;

    public async IAsyncEnumerable<string> TextChunksAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        yield return Chunk(new ChunkDeltaDto(Role: "assistant", Content: ""));
        await foreach (var text in TextAsync(cancellation))
        {
            while (_toolCalls.TryDequeue(out var call)) yield return call;
            if (text.Length > 0) yield return Chunk(new ChunkDeltaDto(Content: text));
        }
        while (_toolCalls.TryDequeue(out var call)) yield return call;
        foreach (var end in Ending()) yield return end;
    }

    public async IAsyncEnumerable<string> SpokenChunksAsync(ChatSpeech speech, AssistantAudioStore store, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var transcript = new System.Text.StringBuilder();
        var audioId = "audio_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        long? expiresAt = time.GetUtcNow().Add(AssistantAudioStore.Lifetime).ToUnixTimeSeconds();

        yield return Chunk(new ChunkDeltaDto(Role: "assistant"));
        await foreach (var piece in speech.Speaker.SpeakAsync(TextAsync(cancellation), cancellationToken: cancellation))
        {
            while (_toolCalls.TryDequeue(out var call)) yield return call;
            switch (piece)
            {
                case SpokenText text:
                    transcript.Append(text.Text);
                    // Microsoft.Extensions.AI's OpenAI client rejects an audio delta without data, so data is always present.
                    yield return Chunk(new ChunkDeltaDto(Audio: new AssistantAudioDto(audioId, "", text.Text, expiresAt)));
                    expiresAt = null;
                    break;
                case SpokenAudio audio:
                    yield return Chunk(new ChunkDeltaDto(Audio: new AssistantAudioDto(audioId, Pcm16Base64(audio.Audio), null, null)));
                    break;
            }
        }
        while (_toolCalls.TryDequeue(out var call)) yield return call;
        if (_failure is null) store.Add(audioId, transcript.ToString());
        foreach (var end in Ending()) yield return end;
    }

    /// <summary>The model's text deltas; tool calls, usage, finish reason and a failure are kept for the chunks around them.</summary>
    private async IAsyncEnumerable<string> TextAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var _ = updates;
        var toolIndex = 0;
        while (any)
        {
            var update = updates.Current;
            meter.Token();
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent { Text.Length: > 0 } text:
                        yield return text.Text;
                        break;
                    case FunctionCallContent call:
                        // Queued for the caller, and an empty piece yielded so it sends the call in order.
                        _toolCalls.Enqueue(Chunk(new ChunkDeltaDto(ToolCalls: [ToToolCall(call, toolIndex++)])));
                        yield return "";
                        break;
                    case UsageContent u:
                        _usage = u.Details;
                        break;
                }
            }
            _finish ??= update.FinishReason;

            try
            {
                any = await updates.MoveNextAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                _failure = ErrorMapping.ToApiException(e);
                any = false;
            }
        }
    }

    private IEnumerable<string> Ending()
    {
        if (_failure is not null)
        {
            // Headers are gone, so a failure mid-stream is reported in-band, as OpenAI does; no [DONE] follows.
            yield return JsonSerializer.Serialize(_failure.ToError(), OpenAIJson.Options);
            yield break;
        }
        yield return Chunk(new ChunkDeltaDto(), _finish is { } reason ? FinishReason(reason) : "stop");
        meter.Completed(_usage);
        if (request.IncludeUsage && _usage is not null)
            yield return JsonSerializer.Serialize(new ChatCompletionChunk(_id, _created, request.Model, [], ToUsage(_usage)), OpenAIJson.Options);
        yield return OpenAIProtocol.Done;
    }

    private string Chunk(ChunkDeltaDto delta, string? finish = null) =>
        JsonSerializer.Serialize(new ChatCompletionChunk(_id, _created, request.Model, [new ChunkChoiceDto(0, delta, finish)]), OpenAIJson.Options);

    private static string Pcm16Base64(PcmAudio audio)
    {
        var bytes = new byte[audio.Samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(audio.Samples.Span, bytes);
        return Convert.ToBase64String(bytes);
    }

    public static ToolCallOutDto ToToolCall(FunctionCallContent call, int? index) =>
        new(index, call.CallId, new FunctionCallOutDto(call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>())));

    public static UsageDto ToUsage(UsageDetails? usage) =>
        new((int)(usage?.InputTokenCount ?? 0), (int)(usage?.OutputTokenCount ?? 0), new PromptTokensDetailsDto((int)(usage?.CachedInputTokenCount ?? 0)));

    public static string FinishReason(ChatFinishReason reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";
}
