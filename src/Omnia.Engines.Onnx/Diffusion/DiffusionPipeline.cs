using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>
/// Text to image with three ONNX graphs, as diffusers' Stable Diffusion pipeline: the CLIP text encoder turns the
/// prompt's ids into hidden states; the UNet predicts the noise in the latents at each of the scheduler's steps (twice,
/// unconditioned and conditioned, when guidance is on); the VAE decoder turns latents / 0.18215 into RGB in [−1, 1].
/// An edit (image-to-image, with the optional VAE encoder) starts instead from the image's latents × 0.18215 noised to
/// the strength's level and runs the rest of the schedule; with a mask, after each step the kept cells are put back to
/// the image's latents at the next step's noise level (latent-space inpainting), so they end exactly as encoded.
/// </summary>
/// <remarks>Not thread-safe for one request, but sessions are shared: ONNX Runtime's <c>Run</c> may be called concurrently.</remarks>
internal sealed class DiffusionPipeline
{
    public const float LatentScale = 0.18215f;
    public const int LatentChannels = 4;

    private readonly InferenceSession textEncoder;
    private readonly InferenceSession unet;
    private readonly InferenceSession vaeDecoder;
    private readonly InferenceSession? vaeEncoder;
    private readonly string hiddenStatesName;
    private readonly long[]? timestepShape;
    private readonly TensorElementType idsType;
    private readonly TensorElementType sampleType;
    private readonly TensorElementType timestepType;
    private readonly TensorElementType hiddenType;
    private readonly TensorElementType latentType;
    private readonly TensorElementType imageType;

    public DiffusionPipeline(InferenceSession textEncoder, InferenceSession unet, InferenceSession vaeDecoder, InferenceSession? vaeEncoder = null)
    {
        this.textEncoder = textEncoder;
        this.unet = unet;
        this.vaeDecoder = vaeDecoder;
        this.vaeEncoder = vaeEncoder;
        if (vaeEncoder is not null) imageType = Input(vaeEncoder, "sample", "VAE encoder").ElementDataType;
        idsType = Input(textEncoder, "input_ids", "text encoder").ElementDataType;
        hiddenStatesName = textEncoder.OutputNames.Contains("last_hidden_state") ? "last_hidden_state" : textEncoder.OutputNames[0];
        var sample = Input(unet, "sample", "UNet");
        sampleType = sample.ElementDataType;
        var timestep = Input(unet, "timestep", "UNet");
        timestepType = timestep.ElementDataType;
        timestepShape = timestep.Dimensions.Length == 0 ? null : [.. timestep.Dimensions.Select(d => (long)d)];
        hiddenType = Input(unet, "encoder_hidden_states", "UNet").ElementDataType;
        latentType = vaeDecoder.InputMetadata[vaeDecoder.InputNames[0]].ElementDataType;
        LatentDimensions = sample.Dimensions.Length == 4 ? (sample.Dimensions[2], sample.Dimensions[3]) : (-1, -1);
    }

    /// <summary>Whether the model has a VAE encoder, which edits (image-to-image) need.</summary>
    public bool CanEdit => vaeEncoder is not null;

    /// <summary>The UNet's latent height and width when the graph fixes them, −1 where it leaves them free.</summary>
    public (int Height, int Width) LatentDimensions { get; }

    /// <summary>Time spent inside ONNX Runtime's <c>Run</c>, all requests together, for the bench.</summary>
    public TimeSpan GraphTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref graphTicks));

    private long graphTicks;

    /// <summary>Runs the steps; returns the image as planar RGB in [−1, 1]. <paramref name="partial"/> gets each partial image.</summary>
    public float[] Generate(DiffusionRequest request, Action<int, float[]>? partial, CancellationToken cancellationToken)
    {
        var guided = request.GuidanceScale > 1;
        var hidden = Encode(request, guided, out var hiddenShape);
        var edit = request.Edit;
        var scheduler = edit is null ? new EulerScheduler(request.Steps) : EulerScheduler.ForStrength(request.Steps, edit.Strength);
        long[] latentShape = [1, LatentChannels, request.Height / 8, request.Width / 8];
        var size = (int)(latentShape[2] * latentShape[3] * LatentChannels);
        var noise = new float[size];
        new GaussianNoise(request.Seed).Fill(noise);
        float[] latents;
        float[]? original = null;
        if (edit is null)
        {
            // From noise alone: the noise array itself becomes the latents (nothing reads it again without an edit).
            latents = noise;
            var initial = (float)scheduler.InitialNoiseScale;
            for (var i = 0; i < size; i++) latents[i] *= initial;
        }
        else
        {
            original = EncodeImage(edit.Image, request.Width, request.Height, size);
            latents = (float[])original.Clone();
            scheduler.AddNoise(0, latents, noise);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var partials = 0;
        var modelInput = new float[guided ? 2 * size : size];
        for (var step = 0; step < scheduler.Timesteps.Length; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scale = (float)scheduler.InputScale(step);
            for (var i = 0; i < size; i++) modelInput[i] = latents[i] * scale;
            if (guided) modelInput.AsSpan(0, size).CopyTo(modelInput.AsSpan(size));
            var predicted = PredictNoise(modelInput, latentShape, guided, scheduler.Timesteps[step], hidden, hiddenShape, request.GuidanceScale);
            if (request.PartialSteps.Contains(step) && partial is not null)
            {
                var clean = new float[size];
                scheduler.PredictClean(step, latents, predicted, clean);
                if (edit?.Mask is { } cleanMask) Keep(clean, original!, noise, cleanMask, 0);
                partial(partials++, Decode(clean, latentShape));
                cancellationToken.ThrowIfCancellationRequested();
            }
            scheduler.Step(step, latents, predicted);
            if (edit?.Mask is { } mask) Keep(latents, original!, noise, mask, (float)scheduler.Sigmas[step + 1]);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Decode(latents, latentShape);
    }

    /// <summary>Where the mask keeps the image, latents become its encoded latents noised to <paramref name="sigma"/>:
    /// x ← m·x + (1 − m)·(x₀ + σ·ε), with the same ε the edit started from.</summary>
    private static void Keep(Span<float> latents, ReadOnlySpan<float> original, ReadOnlySpan<float> noise, ReadOnlySpan<float> mask, float sigma)
    {
        for (var i = 0; i < latents.Length; i++)
        {
            var m = mask[i % mask.Length];
            latents[i] = m * latents[i] + (1 - m) * (original[i] + sigma * noise[i]);
        }
    }

    /// <summary>The VAE encoder's latents of planar RGB in [−1, 1], times <see cref="LatentScale"/>.</summary>
    private float[] EncodeImage(float[] rgb, int width, int height, int size)
    {
        var encoder = vaeEncoder ?? throw new InvalidOperationException("The model has no VAE encoder, so it cannot edit images.");
        using var input = TensorValues.Create(rgb, [1, 3, height, width], imageType);
        var output = encoder.OutputNames.Contains("latent_sample") ? "latent_sample" : encoder.OutputNames[0];
        using var outputs = Run(encoder, ["sample"], [input], [output]);
        var latents = TensorValues.Read(outputs[0]);
        if (latents.Length != size)
            throw new InvalidDataException($"The VAE encoder gave {latents.Length} values for a {width}x{height} image; the UNet takes {size}.");
        for (var i = 0; i < size; i++) latents[i] *= LatentScale;
        return latents;
    }

    /// <summary>Classifier-free guidance over a [unconditioned, conditioned] batch: ε = εᵤ + s·(ε꜀ − εᵤ).</summary>
    public static float[] Guide(ReadOnlySpan<float> batch, double scale)
    {
        var size = batch.Length / 2;
        var noise = new float[size];
        var s = (float)scale;
        for (var i = 0; i < size; i++) noise[i] = batch[i] + s * (batch[size + i] - batch[i]);
        return noise;
    }

    private float[] Encode(DiffusionRequest request, bool guided, out long[] shape)
    {
        float[] ids = guided
            ? [.. request.UnconditionedIds.Select(i => (float)i), .. request.PromptIds.Select(i => (float)i)]
            : [.. request.PromptIds.Select(i => (float)i)];
        using var input = TensorValues.Create(ids, [guided ? 2 : 1, request.PromptIds.Length], idsType);
        using var outputs = Run(textEncoder, ["input_ids"], [input], [hiddenStatesName]);
        shape = [.. outputs[0].GetTensorTypeAndShape().Shape];
        return TensorValues.Read(outputs[0]);
    }

    private float[] PredictNoise(float[] sample, long[] latentShape, bool guided, long timestep, float[] hidden, long[] hiddenShape, double scale)
    {
        var batch = guided ? 2 : 1;
        long[] shape = [batch, .. latentShape[1..]];
        var steps = timestepShape is null ? 1 : timestepShape[0] == 1 ? 1 : batch;
        long[] stepShape = timestepShape is null ? [] : [steps];
        using var sampleValue = TensorValues.Create(sample, shape, sampleType);
        using var timestepValue = TensorValues.Create(Enumerable.Repeat((float)timestep, steps).ToArray(), stepShape, timestepType);
        using var hiddenValue = TensorValues.Create(hidden, hiddenShape, hiddenType);
        using var outputs = Run(unet, ["sample", "timestep", "encoder_hidden_states"], [sampleValue, timestepValue, hiddenValue], [unet.OutputNames[0]]);
        var noise = TensorValues.Read(outputs[0]);
        return guided ? Guide(noise, scale) : noise;
    }

    private float[] Decode(float[] latents, long[] latentShape)
    {
        var scaled = new float[latents.Length];
        for (var i = 0; i < latents.Length; i++) scaled[i] = latents[i] / LatentScale;
        using var input = TensorValues.Create(scaled, latentShape, latentType);
        using var outputs = Run(vaeDecoder, [vaeDecoder.InputNames[0]], [input], [vaeDecoder.OutputNames[0]]);
        return TensorValues.Read(outputs[0]);
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, string[] names, OrtValue[] values, string[] outputs)
    {
        var started = Stopwatch.GetTimestamp();
        using var runOptions = new RunOptions();
        var result = session.Run(runOptions, names, values, outputs);
        Interlocked.Add(ref graphTicks, Stopwatch.GetTimestamp() - started);
        return result;
    }

    private static NodeMetadata Input(InferenceSession session, string name, string graph) =>
        session.InputMetadata.TryGetValue(name, out var metadata)
            ? metadata
            : throw new InvalidDataException($"The {graph} graph has no '{name}' input (it has {string.Join(", ", session.InputNames)}).");
}
