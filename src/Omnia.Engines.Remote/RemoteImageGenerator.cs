using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Images;
using ImageGenerationOptions = Microsoft.Extensions.AI.ImageGenerationOptions;
using Omnia.Images;

namespace Omnia.Engines.Remote;

/// <summary>
/// An image model served by an OpenAI-compatible upstream's <c>/images/generations</c>, through the OpenAI SDK's
/// <see cref="ImageClient"/> as Microsoft.Extensions.AI adapts it. Calls run through the upstream's circuit breaker;
/// failures become <see cref="Omnia.Errors.UpstreamFailedException"/> (502, or the upstream's own 4xx).
/// </summary>
/// <remarks>
/// OpenAI's <c>quality</c>, <c>background</c> and <c>output_compression</c> (<see cref="ImageProperties"/>) are passed on; Omnia's <c>seed</c> and
/// <c>steps</c> have no OpenAI field and are not. The upstream streams nothing back, so it has no partial images.
/// </remarks>
public sealed class RemoteImageGenerator : IImageGenerator
{
    private readonly Upstream upstream;
    private readonly IImageGenerator inner;
    private readonly ImageGeneratorMetadata metadata;

    public RemoteImageGenerator(string modelId, UpstreamOptions options, TimeProvider? time = null)
    {
        upstream = new Upstream(options, new UpstreamFailoverOptions(), time ?? TimeProvider.System);
        // The SDK's own retries are off, as for chat: the circuit breaker decides when the upstream is worth a try.
        inner = new OpenAIClient(
                new ApiKeyCredential(options.ApiKey ?? "none"),
                new OpenAIClientOptions { Endpoint = options.BaseUrl, NetworkTimeout = options.Timeout, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) })
            .GetImageClient(options.Model)
            .AsIImageGenerator();
        metadata = new ImageGeneratorMetadata("omnia-remote", options.BaseUrl, modelId);
    }

    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
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
