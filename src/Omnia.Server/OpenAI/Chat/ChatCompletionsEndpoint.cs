using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Omnia.Audio;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Server.Observability;
using Omnia.Server.RateLimits;

namespace Omnia.Server.OpenAI.Chat;

/// <summary><c>POST /v1/chat/completions</c>: one JSON answer, or SSE chunks ending in <c>data: [DONE]</c>; spoken when asked.</summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context, ModelRegistry registry, ServerMetrics metrics, TimeProvider time, AssistantAudioStore audioStore,
        AudioCodec codec, IOptions<OmniaServerOptions> options, Media.ChatMediaPreparer media)
    {
        var cancellation = context.RequestAborted;
        var body = await RequestBody.ReadAsync<ChatCompletionRequest>(context, cancellation);
        var request = ChatRequestMapper.Map(body, audioStore);
        var client = ModelResolver.ChatClient(registry, request.Model);
        // Admitted on an estimate before any work, as OpenAI does; the meter settles it with the engine's real usage.
        var tokens = RequestBudget.Of(context).ReserveTokens(TokenEstimate.Of(request.Messages, request.Options.MaxOutputTokens));
        await media.PrepareAsync(request.Messages, cancellation);
        var speech = request.Audio is { } audio ? ChatSpeech.Create(registry, audio, options.Value) : null;
        var meter = new CompletionMeter(metrics, time, request.Model, tokens);

        if (!request.Stream)
        {
            var response = await client.GetResponseAsync(request.Messages, request.Options, cancellation);
            meter.Completed(response.Usage);
            var spoken = speech is null ? null : await speech.SpeakWholeAsync(response.Text, codec, audioStore, cancellation);
            return Results.Json(ToCompletion(response, request.Model, time, spoken), OpenAIJson.Options);
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
        var stream = new ChatStream(updates, any, request, meter, time);
        return TypedResults.ServerSentEvents(speech is null
            ? stream.TextChunksAsync(cancellation)
            : stream.SpokenChunksAsync(speech, audioStore, cancellation));
    }

    private static ChatCompletionResponse ToCompletion(ChatResponse response, string model, TimeProvider time, AssistantAudioDto? audio)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(call => ChatStream.ToToolCall(call, null)).ToList();
        var text = response.Text;
        var content = audio is not null || calls.Count > 0 && text.Length == 0 ? null : text;
        var message = new AssistantMessageDto(content, calls.Count > 0 ? calls : null, audio);
        return new ChatCompletionResponse(
            response.ResponseId ?? "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            (response.CreatedAt ?? time.GetUtcNow()).ToUnixTimeSeconds(),
            model,
            [new ChatChoiceDto(0, message, response.FinishReason is { } reason ? ChatStream.FinishReason(reason) : "stop")],
            ChatStream.ToUsage(response.Usage));
    }
}
