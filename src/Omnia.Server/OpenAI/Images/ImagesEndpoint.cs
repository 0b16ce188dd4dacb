using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Omnia.Images;
using Omnia.Models;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Images;

/// <summary>
/// <c>POST /v1/images/generations</c> and <c>/v1/images/edits</c>: the images as base64 in one JSON answer, or with
/// <c>stream: true</c> as SSE <c>image_generation.partial_image</c> (<c>image_edit.…</c>) events while the steps run and
/// one <c>image_generation.completed</c> per image. The client going away cancels the generation (the engine stops at its
/// next step). An edit is a generation whose request carries the uploaded images, the mask and the strength.
/// </summary>
internal static class ImagesEndpoint
{
    private static readonly ImageUsageDto NoUsage = new(0, 0, new ImageInputTokensDetailsDto(0, 0));

    public static async Task<IResult> GenerateAsync(HttpContext context, ModelRegistry registry, IOptions<OmniaServerOptions> options, TimeProvider time)
    {
        var cancellation = context.RequestAborted;
        var request = await RequestBody.ReadAsync<ImageGenerationRequestDto>(context, cancellation);
        var (served, generator) = ImageModels.Resolve(registry, request.Model);
        var settings = ImageGenerationSettings.From(request, served.Id, options.Value.MaxImagesPerRequest);
        return await RespondAsync(generator, served, new ImageGenerationRequest(request.Prompt!), settings, "image_generation", time, cancellation);
    }

    public static async Task<IResult> EditAsync(HttpContext context, ModelRegistry registry, IOptions<OmniaServerOptions> options, TimeProvider time)
    {
        var cancellation = context.RequestAborted;
        var edit = await ImageEditForm.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellation);
        var (served, generator) = ImageModels.Resolve(registry, edit.Fields.Model);
        var settings = ImageGenerationSettings.From(edit.Fields, served.Id, options.Value.MaxImagesPerRequest);
        var properties = settings.Options.AdditionalProperties!;
        if (edit.Strength is { } strength) properties[ImageProperties.Strength] = strength;
        if (edit.Mask is { } mask) properties[ImageProperties.Mask] = mask;
        var request = new ImageGenerationRequest(edit.Fields.Prompt!) { OriginalImages = edit.Images };
        return await RespondAsync(generator, served, request, settings, "image_edit", time, cancellation);
    }

    /// <param name="events">The SSE events' prefix: <c>image_generation</c> or <c>image_edit</c>.</param>
    private static async Task<IResult> RespondAsync(IImageGenerator generator, ServedModel served, ImageGenerationRequest prompt, ImageGenerationSettings settings,
        string events, TimeProvider time, CancellationToken cancellation)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();

        if (!settings.Stream)
        {
            var response = await generator.GenerateAsync(prompt, settings.Options, cancellation);
            var images = response.Contents.OfType<DataContent>().ToList();
            if (images.Count == 0) throw new ApiException(502, $"The image model '{served.Id}' answered with no image.", ApiException.Server, null, "engine_error");
            var warnings = images.Select(Warning).OfType<string>().Distinct().ToList();
            return Results.Json(new ImagesResponseDto(created, [.. images.Select(i => new ImageDataDto(Convert.ToBase64String(i.Data.Span), Seed(i)))],
                settings.Background, settings.OutputFormat, settings.Size, settings.Quality, NoUsage, warnings.Count > 0 ? warnings : null), OpenAIJson.Options);
        }

        // The first update is awaited before any byte is sent, so a request the engine refuses still gets its status code.
        var updates = Stream(generator, prompt, settings.Options, cancellation).GetAsyncEnumerator(cancellation);
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
        return TypedResults.ServerSentEvents(Events(updates, any, settings, events, created, cancellation));
    }

    /// <summary>The engine's own stream, or for an engine with no steps to show, its final images as updates.</summary>
    public static async IAsyncEnumerable<ImageGenerationUpdate> Stream(IImageGenerator generator, ImageGenerationRequest prompt,
        ImageGenerationOptions options, [EnumeratorCancellation] CancellationToken cancellation)
    {
        if (generator.GetService(typeof(IStreamingImageGenerator)) is IStreamingImageGenerator streaming)
        {
            await foreach (var update in streaming.GenerateStreamingAsync(prompt, options, cancellation)) yield return update;
            yield break;
        }
        var response = await generator.GenerateAsync(prompt, options, cancellation);
        var index = 0;
        foreach (var image in response.Contents.OfType<DataContent>()) yield return new ImageGenerationUpdate(index++, null, image);
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(IAsyncEnumerator<ImageGenerationUpdate> updates, bool any, ImageGenerationSettings settings,
        string events, long created, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var _ = updates;
        ApiException? failure = null;
        while (any)
        {
            var update = updates.Current;
            var b64 = Convert.ToBase64String(update.Image.Data.Span);
            yield return update.PartialImageIndex is { } partial
                ? Event(new ImagePartialEventDto($"{events}.partial_image", b64, created, settings.Size, settings.Quality, settings.Background, settings.OutputFormat, partial))
                : Event(new ImageCompletedEventDto($"{events}.completed", b64, created, settings.Size, settings.Quality, settings.Background, settings.OutputFormat, NoUsage));
            try
            {
                any = await updates.MoveNextAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                failure = ErrorMapping.ToApiException(e);
                any = false;
            }
        }
        // Headers are gone, so a failure mid-stream is reported in-band, as OpenAI does.
        if (failure is not null) yield return new SseItem<string>(JsonSerializer.Serialize(failure.ToError(), OpenAIJson.Options), "error");
    }

    /// <summary>An SSE event named as its <c>type</c>, as OpenAI names its image events.</summary>
    private static SseItem<string> Event(ImagePartialEventDto body) => new(JsonSerializer.Serialize(body, OpenAIJson.Options), body.Type);

    private static SseItem<string> Event(ImageCompletedEventDto body) => new(JsonSerializer.Serialize(body, OpenAIJson.Options), body.Type);

    private static string? Warning(DataContent image) => image.AdditionalProperties?.GetValueOrDefault(ImageProperties.Warning) as string;

    private static long? Seed(DataContent image) => image.AdditionalProperties?.GetValueOrDefault(ImageProperties.UsedSeed) is long seed ? seed : null;
}
