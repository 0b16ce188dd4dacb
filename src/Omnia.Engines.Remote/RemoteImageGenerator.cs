using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI.Images;
using ImageGenerationOptions = Microsoft.Extensions.AI.ImageGenerationOptions;
using Omnia.Errors;
using Omnia.Images;

namespace Omnia.Engines.Remote;

/// <summary>
/// An image model served by OpenAI-compatible upstreams' <c>/images/generations</c>, through the OpenAI SDK's
/// <see cref="ImageClient"/> as Microsoft.Extensions.AI adapts it, and their <c>/images/edits</c> (a request with an
/// original image) through the SDK's multipart edit call itself, which unlike the adapter sends the mask. Each request
/// goes to the healthy upstream with the fewest requests in flight (<see cref="UpstreamBalancer"/>); a connection
/// failure, timeout, 429 or 5xx moves it to the next upstream, each upstream's circuit breaker recording the failure
/// (<see cref="UpstreamFailover"/>); an upstream's own 4xx is the request's fault and is returned as it is. Failures
/// become <see cref="Omnia.Errors.UpstreamFailedException"/> naming the upstream (502, or the upstream's own 4xx).
/// </summary>
/// <remarks>
/// Routing is always least-in-flight: an image request has no conversation whose prompt cache one upstream holds, so
/// prefix affinity has nothing to key on. Unlike chat, a 500 fails over: image servers answer it when out of GPU
/// memory. OpenAI's <c>quality</c>, <c>background</c> and <c>output_compression</c> (<see cref="ImageProperties"/>) are
/// passed on; Omnia's <c>seed</c>, <c>steps</c> and <c>strength</c> have no OpenAI field and are not. The SDK sends one
/// image per edit, so an edit of several images is refused. The upstream streams nothing back, so it has no partial
/// images. Safe for concurrent requests.
/// </remarks>
public sealed class RemoteImageGenerator : IImageGenerator
{
    private readonly IReadOnlyList<Upstream> upstreams;
    private readonly UpstreamBalancer balancer;
    private readonly UpstreamFailover failover;
    private readonly UpstreamHealthProbe? probe;
    private readonly ImageGeneratorMetadata metadata;

    public RemoteImageGenerator(string modelId, RemoteModelOptions options, TimeProvider? time = null, HttpClient? probeHttp = null, ILogger? logger = null)
    {
        options.Validate();
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        var failoverOptions = options.Failover with { ServerErrorsFailOver = true };
        upstreams = options.Upstreams.Select(u => new Upstream(u, failoverOptions, time)).ToList();
        balancer = new UpstreamBalancer(upstreams, options with { Routing = UpstreamRouting.LeastInFlight }, modelId, logger);
        failover = new UpstreamFailover(balancer, upstreams.Count, failoverOptions, time, logger);
        if (options.HealthCheckInterval > TimeSpan.Zero && probeHttp is not null)
            probe = new UpstreamHealthProbe(upstreams, probeHttp, options.HealthCheckInterval, options.Failover.BreakDuration, time, logger);
        metadata = new ImageGeneratorMetadata("omnia-remote", options.Upstreams[0].BaseUrl, modelId);
    }

    /// <summary>Requests in flight per upstream name, for diagnostics and tests.</summary>
    public IReadOnlyDictionary<string, int> InFlight => upstreams.ToDictionary(u => u.Name, u => u.InFlight);

    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (request.OriginalImages?.Any() == true) return await EditAsync(request, options, cancellationToken);
        return await RunAsync(async (upstream, token) =>
        {
            var forwarded = options?.Clone() ?? new ImageGenerationOptions();
            forwarded.ModelId = upstream.Options.Model;
            forwarded.StreamingCount = null;
            forwarded.RawRepresentationFactory = _ => OpenAIOptions(options);
            return await upstream.ImageGenerator.GenerateAsync(request, forwarded, token);
        }, cancellationToken);
    }

    private async Task<ImageGenerationResponse> EditAsync(ImageGenerationRequest request, ImageGenerationOptions? options, CancellationToken cancellationToken)
    {
        var originals = request.OriginalImages!.ToList();
        if (originals.Count > 1)
            throw new InvalidRequestException($"Edits through an upstream take one image; {originals.Count} were sent.", "image");
        if (originals[0] is not DataContent image) throw new InvalidRequestException("The image must be uploaded as image data, not a link.", "image");
        var mask = options?.AdditionalProperties?.GetValueOrDefault(ImageProperties.Mask) as DataContent;
        var mediaType = options?.MediaType ?? "image/png";
        var edit = EditOptions(options, mediaType);
        var (imageBytes, maskBytes) = (image.Data.ToArray(), mask?.Data.ToArray());
        return await RunAsync(async (upstream, token) =>
        {
            // Each attempt reads the upload from its start: a failed attempt may have consumed part of a stream.
            using var imageStream = new MemoryStream(imageBytes, writable: false);
            GeneratedImageCollection result;
            if (mask is null)
                result = await upstream.Images.GenerateImageEditsAsync(imageStream, FileName("image", image.MediaType), request.Prompt, options?.Count ?? 1, edit, token);
            else
            {
                using var maskStream = new MemoryStream(maskBytes!, writable: false);
                result = await upstream.Images.GenerateImageEditsAsync(imageStream, FileName("image", image.MediaType), request.Prompt,
                    maskStream, FileName("mask", mask.MediaType), options?.Count ?? 1, edit, token);
            }
            return new ImageGenerationResponse([.. result.Select(i => new DataContent(i.ImageBytes.ToMemory(), mediaType))]);
        }, cancellationToken);
    }

    /// <summary>One request through the failover: each attempt on the upstream the balancer picks, counted in flight while it runs.</summary>
    private async Task<ImageGenerationResponse> RunAsync(
        Func<Upstream, CancellationToken, Task<ImageGenerationResponse>> attempt, CancellationToken cancellationToken)
    {
        var (response, _) = await failover.ExecuteAsync(new RequestRoute(null, null), async (upstream, token) =>
        {
            upstream.Enter();
            try
            {
                return await attempt(upstream, token);
            }
            finally
            {
                upstream.Exit();
            }
        }, cancellationToken);
        return response;
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

    public void Dispose() => probe?.Dispose();
}
