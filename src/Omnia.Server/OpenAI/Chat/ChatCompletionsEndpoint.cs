using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Server.Observability;

namespace Omnia.Server.OpenAI.Chat;

/// <summary><c>POST /v1/chat/completions</c>: one JSON answer, or SSE chunks ending in <c>data: [DONE]</c>.</summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, ModelRegistry registry, ServerMetrics metrics, TimeProvider time)
    {
        var cancellation = context.RequestAborted;
        var body = await RequestBody.ReadAsync<ChatCompletionRequest>(context, cancellation);
        var request = ChatRequestMapper.Map(body);
        var client = ModelResolver.ChatClient(registry, request.Model);
        var meter = new CompletionMeter(metrics, time, request.Model);

        if (!request.Stream)
        {
            var response = await client.GetResponseAsync(request.Messages, request.Options, cancellation);
            meter.Completed(response.Usage);
            return Results.Json(ToCompletion(response, request.Model, time), OpenAIJson.Options);
        }

        // The first update is awaited before any byte is sent, so a request the engine refuses still gets its status code.
        var updates = client.GetStreamingResponseAsync(request.Messages, request.Options, cancellation).GetAsyncEnumerator(cancellation);
        bool any;
        try
        {
            any = await updates.MoveNextAsync();
        }
        catch
        {
            await updates.DisposeAsync();
            throw;
        }
        return TypedResults.ServerSentEvents(StreamChunks(updates, any, request, meter, time, cancellation));
    }

    private static async IAsyncEnumerable<string> StreamChunks(
        IAsyncEnumerator<ChatResponseUpdate> updates, bool any, MappedChatRequest request, CompletionMeter meter, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var _ = updates;
        var id = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var toolIndex = 0;
        UsageDetails? usage = null;

        string Chunk(ChunkDeltaDto delta, string? finish) =>
            JsonSerializer.Serialize(new ChatCompletionChunk(id, created, request.Model, [new ChunkChoiceDto(0, delta, finish)]), OpenAIJson.Options);

        yield return Chunk(new ChunkDeltaDto(Role: "assistant", Content: ""), null);
        while (any)
        {
            var update = updates.Current;
            meter.Token();
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent { Text.Length: > 0 } text:
                        yield return Chunk(new ChunkDeltaDto(Content: text.Text), null);
                        break;
                    case FunctionCallContent call:
                        yield return Chunk(new ChunkDeltaDto(ToolCalls: [ToToolCall(call, toolIndex++)]), null);
                        break;
                    case UsageContent u:
                        usage = u.Details;
                        break;
                }
            }
            if (update.FinishReason is { } reason)
                yield return Chunk(new ChunkDeltaDto(), FinishReason(reason));

            ApiException? failure = null;
            try
            {
                any = await updates.MoveNextAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                failure = ErrorMapping.ToApiException(e);
                any = false;
            }
            if (failure is not null)
            {
                // Headers are gone, so a failure mid-stream is reported in-band, as OpenAI does.
                yield return JsonSerializer.Serialize(failure.ToError(), OpenAIJson.Options);
                yield break;
            }
        }

        meter.Completed(usage);
        if (request.IncludeUsage && usage is not null)
            yield return JsonSerializer.Serialize(new ChatCompletionChunk(id, created, request.Model, [], ToUsage(usage)), OpenAIJson.Options);
        yield return OpenAIProtocol.Done;
    }

    private static ChatCompletionResponse ToCompletion(ChatResponse response, string model, TimeProvider time)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select((call, _) => ToToolCall(call, null)).ToList();
        var text = response.Text;
        var message = new AssistantMessageDto(calls.Count > 0 && text.Length == 0 ? null : text, calls.Count > 0 ? calls : null);
        return new ChatCompletionResponse(
            response.ResponseId ?? "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            (response.CreatedAt ?? time.GetUtcNow()).ToUnixTimeSeconds(),
            model,
            [new ChatChoiceDto(0, message, response.FinishReason is { } reason ? FinishReason(reason) : "stop")],
            ToUsage(response.Usage));
    }

    private static ToolCallOutDto ToToolCall(FunctionCallContent call, int? index) =>
        new(index, call.CallId, new FunctionCallOutDto(call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>())));

    private static UsageDto ToUsage(UsageDetails? usage) =>
        new((int)(usage?.InputTokenCount ?? 0), (int)(usage?.OutputTokenCount ?? 0));

    private static string FinishReason(ChatFinishReason reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";
}
