using System.Drawing;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Omnia.Concurrency;
using Omnia.Errors;
using Omnia.Images;

namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>
/// An in-process text-to-image engine for an SD-Turbo-class Stable Diffusion export on ONNX Runtime (see
/// <see cref="DiffusionPipeline"/>). Images are PNG unless <see cref="ImageGenerationOptions.MediaType"/> asks for JPEG
/// or WebP; <see cref="ImageProperties.Seed"/> and <see cref="ImageProperties.Steps"/> in the options' additional
/// properties pick the seed (random when absent) and the steps. A request with an original image is an edit
/// (image-to-image, <see cref="ImageProperties.Strength"/> and an optional <see cref="ImageProperties.Mask"/>), which
/// needs the export's VAE encoder.
/// </summary>
/// <remarks>
/// Calls may be concurrent: <see cref="OnnxDiffusionOptions.MaxConcurrentGenerations"/> run, up to
/// <see cref="OnnxDiffusionOptions.MaxActiveRequests"/> are inside, more get <see cref="EngineOverloadedException"/>.
/// Cancellation is seen between steps and between images.
/// </remarks>
public sealed class OnnxDiffusionImageGenerator : IStreamingImageGenerator
{
    private readonly OnnxDiffusionOptions options;
    private readonly ClipTokenizer tokenizer;
    private readonly SessionOptions sessionOptions;
    private readonly InferenceSession[] sessions;
    private readonly DiffusionPipeline pipeline;
    private readonly RequestGate gate;
    private readonly ImageGeneratorMetadata metadata;

    public OnnxDiffusionImageGenerator(DiffusionModelFiles files, OnnxDiffusionOptions? options = null)
    {
        this.options = options ?? new OnnxDiffusionOptions();
        if (files.Missing() is { } missing) throw new FileNotFoundException($"The diffusion model has no {missing}.", missing);
        tokenizer = new ClipTokenizer(files.Vocabulary, files.Merges, PadToken(files.SpecialTokens));
        sessionOptions = new SessionOptions { IntraOpNumThreads = this.options.Threads, InterOpNumThreads = 1 };
        var loaded = new List<InferenceSession>();
        try
        {
            foreach (var path in new[] { files.TextEncoder, files.Unet, files.VaeDecoder, files.VaeEncoder }.OfType<string>())
                loaded.Add(new InferenceSession(path, sessionOptions));
            pipeline = new DiffusionPipeline(loaded[0], loaded[1], loaded[2], loaded.ElementAtOrDefault(3));
        }
        catch
        {
            foreach (var session in loaded) session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
        sessions = [.. loaded];
        gate = new RequestGate(this.options.MaxConcurrentGenerations, this.options.MaxActiveRequests, Free,
            $"The image model '{this.options.ModelId}' has {this.options.MaxActiveRequests} requests in progress; retry shortly.");
        metadata = new ImageGeneratorMetadata("omnia-onnx-diffusion", null, this.options.ModelId);
    }

    public string ModelId => options.ModelId;

    /// <summary>Whether the model edits images (its export has a VAE encoder).</summary>
    public bool CanEdit => pipeline.CanEdit;

    /// <summary>Time spent inside ONNX Runtime's graphs so far, all requests together (the bench sets it beside the whole).</summary>
    public TimeSpan GraphTime => pipeline.GraphTime;

    /// <summary>Time spent encoding images (PNG, JPEG, WebP) so far, all requests together, for the bench.</summary>
    public TimeSpan EncodeTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref encodeTicks));

    private long encodeTicks;

    /// <summary>The sizes this model makes, for errors and the model list: the graph's fixed size, or a range of multiples of 64.</summary>
    public string AllowedSizes => pipeline.LatentDimensions is ( > 0, > 0) fixedSize
        ? $"{fixedSize.Width * 8}x{fixedSize.Height * 8}"
        : $"WIDTHxHEIGHT with each side a multiple of 64 from {options.MinSide} to {options.MaxSide} (such as {options.DefaultSide}x{options.DefaultSide})";

    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var contents = new List<AIContent>();
        var streaming = options?.Clone() ?? new ImageGenerationOptions();
        streaming.StreamingCount = 0;
        await foreach (var update in GenerateStreamingAsync(request, streaming, cancellationToken))
        {
            contents.Add(update.Image);
        }
        return new ImageGenerationResponse(contents);
    }

    public async IAsyncEnumerable<ImageGenerationUpdate> GenerateStreamingAsync(ImageGenerationRequest request,
        ImageGenerationOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Checked before it queues, so bad input is a 400 even when the queue is full; an edit's upload is decoded
        // once admitted, so only admitted requests hold its pixels.
        var checkedPlan = Plan(request, options);
        using var admitted = gate.Enter(this);
        var plan = checkedPlan.Decoded();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var updates = Channel.CreateUnbounded<ImageGenerationUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(plan, updates.Writer, stop.Token), CancellationToken.None);
        try
        {
            // At most Count × (StreamingCount + 1) updates wait here; none is handed out once the caller has cancelled.
            await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The reader left (or was cancelled): the generation stopped at its next step, as asked.
            }
        }
    }

    private async Task ProduceAsync(GenerationPlan plan, ChannelWriter<ImageGenerationUpdate> writer, CancellationToken cancellationToken)
    {
        try
        {
            using var slot = await gate.WaitForSlotAsync(cancellationToken);
            for (var index = 0; index < plan.Count; index++)
            {
                var seed = plan.Seed + index;
                var image = index;
                var request = plan.Request with { Seed = seed };
                var final = pipeline.Generate(request, (partialIndex, rgb) =>
                    writer.TryWrite(Update(plan, image, partialIndex, rgb, seed)), cancellationToken);
                writer.TryWrite(Update(plan, image, null, final, seed));
            }
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    private ImageGenerationUpdate Update(GenerationPlan plan, int image, int? partialIndex, float[] rgb, long seed)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bytes = ImageEncoder.Encode(rgb, plan.Request.Width, plan.Request.Height, plan.MediaType, plan.Quality);
        Interlocked.Add(ref encodeTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        return new(image, partialIndex, new DataContent(bytes, plan.MediaType)
        {
            AdditionalProperties = new() { [ImageProperties.UsedSeed] = seed, [ImageProperties.Warning] = plan.Warning },
        });
    }

    /// <summary>Checks the request against the model once admitted, before it waits for a slot; bad input is an <see cref="InvalidRequestException"/>.</summary>
    private GenerationPlan Plan(ImageGenerationRequest request, ImageGenerationOptions? generation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt)) throw new InvalidRequestException("The prompt is empty.", "prompt");
        var count = generation?.Count ?? 1;
        if (count < 1) throw new InvalidRequestException("n must be at least 1.", "n");
        var steps = Read<int>(generation, ImageProperties.Steps) ?? options.DefaultSteps;
        if (steps < 1 || steps > options.MaxSteps) throw new InvalidRequestException($"steps must be from 1 to {options.MaxSteps}.", "steps");
        var source = Source(request);
        var (width, height) = Size(generation?.ImageSize ?? (source is null ? null : EditSize(source.Value.Width, source.Value.Height)));
        if (Read(generation, ImageProperties.Background) is "transparent")
        {
            throw new InvalidRequestException($"The image model '{ModelId}' cannot make a transparent background; use 'opaque' or 'auto'.", "background");
        }
        var mediaType = generation?.MediaType ?? ImageEncoder.Png;
        if (!ImageEncoder.MediaTypes.Contains(mediaType))
        {
            throw new InvalidRequestException($"Images can be {string.Join(", ", ImageEncoder.MediaTypes)}, not '{mediaType}'.", "output_format");
        }
        var seed = Read<long>(generation, ImageProperties.Seed) ?? Random.Shared.NextInt64(0, int.MaxValue);
        var (ids, dropped) = tokenizer.Encode(request.Prompt);
        var warning = dropped > 0
            ? $"The prompt was cut to the text encoder's {ClipTokenizer.MaxLength} tokens: its last {dropped} tokens were not used."
            : null;
        var quality = Read<int>(generation, ImageProperties.OutputCompression) ?? ImageEncoder.DefaultQuality;
        if (quality is < 0 or > 100) throw new InvalidRequestException("output_compression must be from 0 to 100.", "output_compression");
        (double Strength, Func<ImageToImage> Decode)? edit = source is null ? null : Edit(source.Value, generation, width, height);
        var runSteps = edit is null ? steps : EulerScheduler.ForStrength(steps, edit.Value.Strength).Timesteps.Length;
        var partials = DiffusionRequest.SpreadPartials(runSteps, generation?.StreamingCount ?? 0);
        var diffusion = new DiffusionRequest(ids, tokenizer.Encode("").Ids, width, height, steps, seed, options.GuidanceScale) { PartialSteps = partials };
        return new GenerationPlan(diffusion, count, seed, mediaType, quality, warning, edit?.Decode);
    }

    /// <summary>An edit's one image, measured (format and size) before any pixel is decoded; null for a generation.</summary>
    private (byte[] Bytes, int Width, int Height)? Source(ImageGenerationRequest request)
    {
        var originals = request.OriginalImages?.ToList() ?? [];
        if (originals.Count == 0) return null;
        if (!pipeline.CanEdit)
        {
            throw new InvalidRequestException(
                $"The image model '{ModelId}' cannot edit images: its export has no VAE encoder (vae_encoder/model.onnx).", "image", "edits_not_supported");
        }
        if (originals.Count > 1)
            throw new InvalidRequestException($"The image model '{ModelId}' edits one image at a time; {originals.Count} were sent.", "image");
        if (originals[0] is not DataContent image) throw new InvalidRequestException("The image must be uploaded as image data, not a link.", "image");
        var bytes = image.Data.ToArray();
        var (width, height, _) = EditImageReader.Measure(bytes, "image", options.MaxSourcePixels);
        return (bytes, width, height);
    }

    /// <summary>The edit's strength and mask, checked; what decodes the image and the mask at the request's size.</summary>
    private (double Strength, Func<ImageToImage> Decode) Edit((byte[] Bytes, int Width, int Height) image, ImageGenerationOptions? generation, int width, int height)
    {
        var strength = Read<double>(generation, ImageProperties.Strength) ?? options.DefaultStrength;
        if (!(strength > 0 && strength <= 1)) throw new InvalidRequestException("strength must be more than 0 and at most 1.", "strength", "invalid_value");
        byte[]? maskBytes = null;
        if (generation?.AdditionalProperties?.GetValueOrDefault(ImageProperties.Mask) is DataContent maskContent)
        {
            maskBytes = maskContent.Data.ToArray();
            var (maskWidth, maskHeight, hasAlpha) = EditImageReader.Measure(maskBytes, "mask", options.MaxSourcePixels, pngOnly: true);
            if ((maskWidth, maskHeight) != (image.Width, image.Height))
            {
                throw new InvalidRequestException(
                    $"The mask is {maskWidth}x{maskHeight} and the image {image.Width}x{image.Height}; they must be the same size.", "mask", "invalid_mask");
            }
            if (!hasAlpha) throw new InvalidRequestException("The mask has no alpha channel; its fully transparent pixels mark what to edit.", "mask", "invalid_mask");
        }
        return (strength, () => new ImageToImage(
            EditImageReader.ReadImage(image.Bytes, width, height), maskBytes is null ? null : EditImageReader.ReadLatentMask(maskBytes, width, height), strength));
    }

    /// <summary>An edit asked for no size: the image's own where the model makes it, else its aspect with the longer
    /// side at the default, in multiples of 64 (the graph's size where it fixes one).</summary>
    private Size? EditSize(int width, int height)
    {
        if (pipeline.LatentDimensions is ( > 0, > 0)) return null;
        if (Makes(width, height)) return new Size(width, height);
        var scale = (double)options.DefaultSide / Math.Max(width, height);
        int Side(int side) => Math.Clamp((int)Math.Round(side * scale / 64) * 64, options.MinSide, options.MaxSide);
        return new Size(Side(width), Side(height));
    }

    private (int Width, int Height) Size(Size? requested)
    {
        var fixedSize = pipeline.LatentDimensions;
        var (width, height) = requested is { } size ? (size.Width, size.Height)
            : fixedSize is ( > 0, > 0) ? (fixedSize.Width * 8, fixedSize.Height * 8) : (options.DefaultSide, options.DefaultSide);
        return Makes(width, height) ? (width, height) : throw new InvalidRequestException(
            $"The image model '{ModelId}' cannot make {width}x{height} images; allowed sizes: {AllowedSizes}.", "size", "invalid_size");
    }

    private bool Makes(int width, int height) => pipeline.LatentDimensions is ( > 0, > 0) fixedSize
        ? width == fixedSize.Width * 8 && height == fixedSize.Height * 8
        : width % 64 == 0 && height % 64 == 0 && Math.Min(width, height) >= options.MinSide && Math.Max(width, height) <= options.MaxSide;

    private static T? Read<T>(ImageGenerationOptions? generation, string key) where T : struct =>
        generation?.AdditionalProperties?.TryGetValue(key, out var value) == true && value is not null
            ? (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static string? Read(ImageGenerationOptions? generation, string key) =>
        generation?.AdditionalProperties?.TryGetValue(key, out var value) == true ? value?.ToString() : null;

    /// <summary>SD 2.x tokenizers pad with "!" (their <c>special_tokens_map.json</c> says so); SD 1.x with the end token.</summary>
    private static string? PadToken(string? map)
    {
        if (map is null || !File.Exists(map)) return null;
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(map));
        if (!document.RootElement.TryGetProperty("pad_token", out var pad)) return null;
        return pad.ValueKind == System.Text.Json.JsonValueKind.String ? pad.GetString()
            : pad.TryGetProperty("content", out var content) ? content.GetString() : null;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ImageGeneratorMetadata) ? metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => gate.Dispose();

    private void Free()
    {
        foreach (var session in sessions) session.Dispose();
        sessionOptions.Dispose();
    }

    /// <param name="Quality">JPEG or WebP quality, 0-100 (PNG is lossless and ignores it).</param>
    /// <param name="DecodeEdit">An edit's decoding of its upload, run once the request is admitted.</param>
    private sealed record GenerationPlan(DiffusionRequest Request, int Count, long Seed, string MediaType, int Quality, string? Warning, Func<ImageToImage>? DecodeEdit)
    {
        public GenerationPlan Decoded() => DecodeEdit is null ? this : this with { Request = Request with { Edit = DecodeEdit() }, DecodeEdit = null };
    }
}
