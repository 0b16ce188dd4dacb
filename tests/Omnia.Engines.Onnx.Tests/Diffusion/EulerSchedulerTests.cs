using Omnia.Engines.Onnx.Diffusion;

namespace Omnia.Engines.Onnx.Tests.Diffusion;

public sealed class EulerSchedulerTests
{
    [Theory]
    [InlineData(1, new long[] { 999 })]
    [InlineData(2, new long[] { 999, 499 })]
    [InlineData(4, new long[] { 999, 749, 499, 249 })]
    public void Trailing_spacing_runs_from_the_last_training_step(int steps, long[] expected) =>
        Assert.Equal(expected, new EulerScheduler(steps).Timesteps);

    [Theory]
    [InlineData(4, 1.0, new long[] { 999, 749, 499, 249 })]
    [InlineData(4, 0.75, new long[] { 749, 499, 249 })]
    [InlineData(2, 0.5, new long[] { 499 })]
    [InlineData(4, 0.6, new long[] { 599, 399, 199 })]
    [InlineData(1, 0.5, new long[] { 499 })]
    [InlineData(4, 0.01, new long[] { 9 })]
    [InlineData(50, 0.001, new long[] { 0 })]
    public void Image_to_image_runs_ceil_steps_times_strength_from_the_strengths_noise_level(int steps, double strength, long[] expected)
    {
        var scheduler = EulerScheduler.ForStrength(steps, strength);

        Assert.Equal(expected, scheduler.Timesteps);
        Assert.Equal(EulerScheduler.Sigma(expected[0]), scheduler.Sigmas[0]);
        Assert.Equal(0, scheduler.Sigmas[^1]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_strength_outside_zero_to_one_is_refused(double strength) =>
        Assert.ThrowsAny<ArgumentException>(() => EulerScheduler.ForStrength(4, strength));

    [Fact]
    public void Sigmas_are_stable_diffusions_noise_levels_and_end_at_zero()
    {
        var scheduler = new EulerScheduler(1);

        // Stable Diffusion's scaled-linear schedule gives σ from 0.0292 (t = 0) to 14.6146 (t = 999).
        Assert.Equal(14.6146, scheduler.Sigmas[0], 4);
        Assert.Equal(0.0292, EulerScheduler.Sigma(0), 4);
        Assert.Equal(0, scheduler.Sigmas[1]);
        Assert.Equal(Math.Sqrt(14.6146 * 14.6146 + 1), scheduler.InitialNoiseScale, 3);
    }

    [Fact]
    public void A_step_moves_the_latents_by_the_change_in_sigma_times_the_noise()
    {
        var scheduler = new EulerScheduler(4);
        float[] latents = [1f, -2f];
        float[] noise = [0.5f, 0.25f];
        var delta = scheduler.Sigmas[1] - scheduler.Sigmas[0];

        scheduler.Step(0, latents, noise);

        Assert.Equal(1 + delta * 0.5, latents[0], 4);
        Assert.Equal(-2 + delta * 0.25, latents[1], 4);
    }

    [Fact]
    public void The_clean_estimate_removes_sigma_times_the_noise()
    {
        var scheduler = new EulerScheduler(1);
        var clean = new float[1];

        scheduler.PredictClean(0, [3f], [0.1f], clean);

        Assert.Equal(3 - scheduler.Sigmas[0] * 0.1, clean[0], 4);
    }

    [Fact]
    public void Guidance_pushes_the_conditioned_noise_away_from_the_unconditioned()
    {
        // Batch [unconditioned 1, 2 | conditioned 3, 2]: ε = u + 7.5 (c − u).
        var noise = DiffusionPipeline.Guide([1f, 2f, 3f, 2f], 7.5);

        Assert.Equal([16f, 2f], noise);
    }

    [Fact]
    public void Partial_images_spread_over_the_steps_and_never_repeat_the_final_step()
    {
        Assert.Equal([0, 1, 2], DiffusionRequest.SpreadPartials(4, 3));
        Assert.Equal([0, 2], DiffusionRequest.SpreadPartials(4, 2));
        Assert.Empty(DiffusionRequest.SpreadPartials(1, 3));
        Assert.Empty(DiffusionRequest.SpreadPartials(4, 0));
    }
}
