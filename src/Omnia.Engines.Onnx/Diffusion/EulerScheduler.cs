namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>
/// The Euler discrete scheduler of SD-Turbo's <c>scheduler_config.json</c>: 1000 training steps, a scaled-linear beta
/// schedule from 0.00085 to 0.012, epsilon prediction and "trailing" spacing (one step runs at timestep 999; four at
/// 999, 749, 499, 249). Noise level σ(t) = √((1 − ᾱₜ)/ᾱₜ); the UNet sees x/√(σ²+1); a step moves x by (σₙₑₓₜ − σ)·ε.
/// </summary>
internal sealed class EulerScheduler
{
    public const int TrainingSteps = 1000;
    private const double BetaStart = 0.00085;
    private const double BetaEnd = 0.012;

    private static readonly double[] CumulativeAlphas = BuildCumulativeAlphas();

    /// <summary>The schedule of <paramref name="steps"/> steps down from timestep <paramref name="from"/> − 1 (the whole
    /// training range unless image-to-image starts part way).</summary>
    public EulerScheduler(int steps, int from = TrainingSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, TrainingSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, from);
        Timesteps = new long[steps];
        Sigmas = new double[steps + 1];
        var stride = (double)from / steps;
        for (var i = 0; i < steps; i++)
        {
            Timesteps[i] = (long)Math.Round(from - i * stride, MidpointRounding.ToEven) - 1;
            Sigmas[i] = Sigma(Timesteps[i]);
        }
    }

    /// <summary>
    /// Image-to-image's schedule: noise as much as <paramref name="strength"/> says (the first timestep is
    /// strength × 1000 − 1) and run ceil(steps × strength) steps from there, at least one, trailing spacing over that
    /// range. Where steps × strength is whole this is diffusers' img2img (the last steps of the full schedule); unlike
    /// it, a 1-step model still keeps the image at strength below 1 instead of starting from pure noise.
    /// </summary>
    public static EulerScheduler ForStrength(int steps, double strength)
    {
        if (!(strength > 0 && strength <= 1)) throw new ArgumentOutOfRangeException(nameof(strength), strength, "Strength is in (0, 1].");
        var from = Math.Max(1, (int)Math.Round(strength * TrainingSteps, MidpointRounding.ToEven));
        var run = Math.Clamp((int)Math.Ceiling(steps * strength - 1e-9), 1, from);
        return new EulerScheduler(run, from);
    }

    /// <summary>The timestep of each step, highest first.</summary>
    public long[] Timesteps { get; }

    /// <summary>σ of each step, then 0 for the clean image.</summary>
    public double[] Sigmas { get; }

    /// <summary>What the first latents (unit Gaussian noise) are multiplied by: √(σ₀² + 1) under trailing spacing.</summary>
    public double InitialNoiseScale => Math.Sqrt(Sigmas[0] * Sigmas[0] + 1);

    public static double Sigma(long timestep)
    {
        var alpha = CumulativeAlphas[timestep];
        return Math.Sqrt((1 - alpha) / alpha);
    }

    /// <summary>Clean latents noised to <see cref="Sigmas"/>[<paramref name="level"/>] in place, x₀ + σ·ε: level 0 is
    /// image-to-image's start, level step + 1 what inpainting puts back after a step where the mask keeps the original.</summary>
    public void AddNoise(int level, Span<float> latents, ReadOnlySpan<float> noise)
    {
        var sigma = (float)Sigmas[level];
        for (var i = 0; i < latents.Length; i++) latents[i] += sigma * noise[i];
    }

    /// <summary>The factor the latents are scaled by before the UNet sees them at <paramref name="step"/>.</summary>
    public double InputScale(int step) => 1 / Math.Sqrt(Sigmas[step] * Sigmas[step] + 1);

    /// <summary>One Euler step in place: x ← x + (σₙₑₓₜ − σ)·ε.</summary>
    public void Step(int step, Span<float> latents, ReadOnlySpan<float> noise)
    {
        var delta = (float)(Sigmas[step + 1] - Sigmas[step]);
        for (var i = 0; i < latents.Length; i++) latents[i] += delta * noise[i];
    }

    /// <summary>The clean latents the model's noise estimate implies at <paramref name="step"/>: x₀ = x − σ·ε (for partial images).</summary>
    public void PredictClean(int step, ReadOnlySpan<float> latents, ReadOnlySpan<float> noise, Span<float> clean)
    {
        var sigma = (float)Sigmas[step];
        for (var i = 0; i < latents.Length; i++) clean[i] = latents[i] - sigma * noise[i];
    }

    private static double[] BuildCumulativeAlphas()
    {
        var alphas = new double[TrainingSteps];
        var product = 1.0;
        var (start, end) = (Math.Sqrt(BetaStart), Math.Sqrt(BetaEnd));
        for (var t = 0; t < TrainingSteps; t++)
        {
            var root = start + (end - start) * t / (TrainingSteps - 1);
            product *= 1 - root * root;
            alphas[t] = product;
        }
        return alphas;
    }
}
