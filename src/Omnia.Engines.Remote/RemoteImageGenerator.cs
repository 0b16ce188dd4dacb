using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Images;
using ImageGenerationOptions = Microsoft.Extensions.AI.ImageGenerationOptions;
using Omnia.Errors;
using Omnia.Images;

namespace Omnia.Engines.Remote;

/// <summary>
/// An image model served by an OpenAI-compatible upstream's <c>/images/generations</c>, through the OpenAI SDK's
/// <see cref="ImageClient"/> as Microsoft.Extensions.AI adapts it, and its <c>/images/edits</c> (a request with an
/// original image) through the SDK's multipart edit call itself, which unlike the adapter sends the mask. Calls run
/// through the upstream's circuit breaker; failures become <see cref="Omnia.Errors.UpstreamFailedException"/> (502, or
/// the upstream's own 4xx).
/// </summary>
/// <remarks>
/// OpenAI's <c>quality</c>, <c>background</c> and <c>output_compression</c> (<see cref="ImageProperties"/>) are passed on; Omnia's <c>seed</c>,
/// <c>steps</c> and <c>strength</c> have no OpenAI field and are not. The SDK sends one image per edit, so an edit of
/// several images is refused. The upstream streams nothing back, so it has no partial images.
/// </remarks>
public sealed class RemoteImageGenerator : IImageGenerator
{
    private readonly Upstream upstream;
    private readonly ImageClient images;
    private readonly IImageGenerator inner;
    private readonly ImageGeneratorMetadata metadata;

    public RemoteImageGenerator(string modelId, UpstreamOptions options, TimeProvider? time = null)
    {
        upstream = new Upstream(options, new UpstreamFailoverOptions(), time ?? TimeProvider.System);
        // The SDK's own retries are off, as for chat: the circuit breaker decides when the upstream is worth a try.
        images = new OpenAIClient(
                new ApiKeyCredential(options.ApiKey ?? "none"),
                new OpenAIClientOptions { Endpoint = options.BaseUrl, NetworkTimeout = options.Timeout, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) })
            .GetImageClient(options.Model);
        inner = images.AsIImageGenerator();
        metadata = new ImageGeneratorMetadata("omnia-remote", options.BaseUrl, modelId);
    }

    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (request.OriginalImages?.Any() == true) return await EditAsync(request, options, cancellationToken);
        var forwarded = options?.Clone() ?? new ImageGenerationOptions();
        forwarded.ModelId = upstream.Options.Model;
        forwarded.StreamingCount = null;
        forwarded.RawRepresentationFactory = _ => OpenAIOptions(options);
        try
        {
            return await upstream.Breaker.ExecuteAsync(async token => await inner.GenerateAsync(request, forwarded, token), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw UpstreamFailures.Translate(upstream, e);
        }
    }

    private async Task<ImageGenerationResponse> EditAsync(ImageGenerationRequest request, ImageGenerationOptions? options, CancellationToken cancellationToken)
    {
        var originals = request.OriginalImages!.ToList();
        if (originals.Count > 1)
            throw new InvalidRequestException($"Edits through the upstream '{upstream.Name}' take one image; {originals.Count} were sent.", "image");
        if (originals[0] is not DataContent image) throw new InvalidRequestException("The image must be uploaded as image data, not a link.", "image");
        var mask = options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.Mask) as DataContent;
        var mediaType = options?.MediaType ?? "image/png";
        var edit = EditOptions(options, mediaType);
        try
        {
            var result = await upstream.Breaker.ExecuteAsync(async token =>
            {
                using var imageStream = new MemoryStream(image.Data.ToArray(), writable: false);
                if (mask is null)
                    return await images.GenerateImageEditsAsync(imageStream, FileName("image", image.MediaType), request.Prompt, options?.Count ?? 1, edit, token);
                using var maskStream = new MemoryStream(mask.Data.ToArray(), writable: false);
                return await images.GenerateImageEditsAsync(imageStream, FileName("image", image.MediaType), request.Prompt,
                    maskStream, FileName("mask", mask.MediaType), options?.Count ?? 1, edit, token);
            }, cancellationToken);
            return new ImageGenerationResponse([.. result.Value.Select(i => new DataContent(i.ImageBytes.ToMemory(), mediaType))]);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw UpstreamFailures.Translate(upstream, e);
        }
    }

    /// <summary>A file name whose extension says the upload's format, as the upstream reads it.</summary>
    private static string FileName(string stem, string mediaType) => mediaType switch
    {
        "image/jpeg" => stem + ".jpg",
        "image/webp" => stem + ".webp",
        _ => stem + ".png",
    };

    private static ImageEditOptions EditOptions(ImageGenerationOptions? options, string mediaType)
    {
        var edit = new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes };
        if (options?.ImageSize is { } size) edit.Size = new GeneratedImageSize(size.Width, size.Height);
        if (mediaType != "image/png") edit.OutputFileFormat = mediaType == "image/jpeg" ? GeneratedImageFileFormat.Jpeg : GeneratedImageFileFormat.Webp;
        if (options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.Quality) is string quality and not "auto")
            edit.Quality = new GeneratedImageQuality(quality);
        if (options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.Background) is string background and not "auto")
            edit.Background = new GeneratedImageBackground(background);
        if (options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.OutputCompression) is int compression)
            edit.OutputCompressionFactor = compression;
        return edit;
    }

    /// <summary>The OpenAI fields Microsoft.Extensions.AI's options have no place for.</summary>
    private static OpenAI.Images.ImageGenerationOptions OpenAIOptions(ImageGenerationOptions? options)
    {
        var openAI = new OpenAI.Images.ImageGenerationOptions();
        if (options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.Quality) is string quality and not "auto")
            openAI.Quality = new GeneratedImageQuality(quality);
        if (options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.Background) is string background and not "auto")
            openAI.Background = new GeneratedImageBackground(background);
        if (options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.OutputCompression) is int compression)
            openAI.OutputCompressionFactor = compression;
        return openAI;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ImageGeneratorMetadata) ? metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => inner.Dispose();
}
