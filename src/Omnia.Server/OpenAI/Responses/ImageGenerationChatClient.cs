using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Images;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// Runs the Responses <c>image_generation</c> tool server-side, as OpenAI's hosted tool does: when the chat model calls
/// the <c>image_generation</c> function, the image engine draws its prompt (its steps reported as
/// <see cref="ImageGenerationCallContent"/>), then the model is told the image was shown and goes on to answer in text,
/// with tools off. One picture per response: a turn's further <c>image_generation</c> calls are dropped (each would hold
/// the engine for seconds). Usage is the sum of both turns, reported once at the end.
/// </summary>
internal sealed class ImageGenerationChatClient(IChatClient inner, IImageGenerator generator, string imageModelId, ImageGenerationToolSpec tool)
    : DelegatingChatClient(inner)
{
    /// <summary>What the chat model reads as the tool's result: the image itself goes to the user, never back into a text model.</summary>
    public const string ResultForModel = "The image was generated and shown to the user.";

    /// <summary><paramref name="client"/> with the request's image tool run by the best ready image model, or unchanged without one.</summary>
    public static IChatClient For(IChatClient client, MappedResponseRequest request, ModelRegistry registry)
    {
        if (request.ImageTool is not { } spec) return client;
        try
        {
            var (served, generator) = ImageModels.Resolve(registry, spec.Tool.Model);
            return new ImageGenerationChatClient(client, generator, served.Id, spec);
        }
        catch (ApiException e)
        {
            var param = spec.Tool.Model is null ? $"{spec.Param}.type" : $"{spec.Param}.model";
            throw ApiException.BadRequest($"The 'image_generation' tool in '{spec.Param}' needs an image model: {e.Message}", param, "image_model_unavailable");
        }
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IList<ChatMessage> ?? messages.ToList();
        FunctionCallContent? drawing = null;
        UsageDetails? usage = null;
        await foreach (var update in base.GetStreamingResponseAsync(history, options, cancellationToken))
        {
            usage = TakeUsage(update, usage);
            foreach (var call in update.Contents.OfType<FunctionCallContent>().Where(c => c.Name == ImageGenerationToolSpec.FunctionName).ToList())
            {
                update.Contents.Remove(call);
                drawing ??= call;
            }
            // The answer goes on after the picture, so this turn's finish (tool calls) is not the response's.
            if (drawing is not null) update.FinishReason = null;
            if (update.Contents.Count > 0 || update.FinishReason is not null) yield return update;
        }

        if (drawing is not null)
        {
            var callId = string.IsNullOrEmpty(drawing.CallId) ? ResponseIds.ImageGenerationCall() : drawing.CallId;
            await foreach (var step in DrawAsync(Prompt(drawing, history), cancellationToken)) yield return step;
            var next = history.ToList();
            next.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, drawing.Name, drawing.Arguments)]));
            next.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, ResultForModel)]));
            var answer = options?.Clone() ?? new ChatOptions();
            answer.ToolMode = ChatToolMode.None;
            await foreach (var update in base.GetStreamingResponseAsync(next, answer, cancellationToken))
            {
                usage = TakeUsage(update, usage);
                if (update.Contents.Count > 0 || update.FinishReason is not null) yield return update;
            }
        }
        if (usage is not null) yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> DrawAsync(string prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = tool.Settings(prompt, imageModelId);
        var item = new ImageGenerationCallItem(ResponseIds.ImageGenerationCall(), "in_progress", null)
        {
            RevisedPrompt = prompt,
            Size = settings.Size,
            Quality = settings.Quality,
            OutputFormat = settings.OutputFormat,
            Background = settings.Background,
        };
        yield return Step(new(ImageGenerationCallStage.InProgress, item));
        yield return Step(new(ImageGenerationCallStage.Generating, item with { Status = "generating" }));
        string? result = null;
        await foreach (var update in ImagesEndpoint.Stream(generator, new ImageGenerationRequest(prompt), settings.Options, cancellationToken))
        {
            var b64 = Convert.ToBase64String(update.Image.Data.Span);
            if (update.IsFinal) result ??= b64;
            else yield return Step(new(ImageGenerationCallStage.PartialImage, item with { Status = "generating" }) { PartialImageIndex = update.PartialImageIndex!.Value, PartialImageB64 = b64 });
        }
        if (result is null) throw new ApiException(502, $"The image model '{imageModelId}' answered with no image.", ApiException.Server, null, "engine_error");
        yield return Step(new(ImageGenerationCallStage.Completed, item with { Status = "completed", Result = result }));
    }

    private static ChatResponseUpdate Step(ImageGenerationCallContent content) => new(ChatRole.Assistant, [content]);

    /// <summary>The model's prompt; a call with none draws the user's last words, as the model was asked to draw them.</summary>
    private static string Prompt(FunctionCallContent call, IList<ChatMessage> history)
    {
        var prompt = call.Arguments is { } arguments && arguments.TryGetValue("prompt", out var value) ? value?.ToString() : null;
        if (string.IsNullOrWhiteSpace(prompt)) prompt = history.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        if (string.IsNullOrWhiteSpace(prompt)) prompt = "a picture";
        return prompt.Length > ImageGenerationSettings.MaxPromptCharacters ? prompt[..ImageGenerationSettings.MaxPromptCharacters] : prompt;
    }

    private static UsageDetails? TakeUsage(ChatResponseUpdate update, UsageDetails? total)
    {
        foreach (var usage in update.Contents.OfType<UsageContent>().ToList())
        {
            update.Contents.Remove(usage);
            if (total is null) total = usage.Details;
            else total.Add(usage.Details);
        }
        return total;
    }
}
