using System.Drawing;
using Microsoft.Extensions.AI;
using Omnia.Engines.Onnx.Diffusion;
using Omnia.Errors;
using Omnia.Images;
using Omnia.Tests;
using SkiaSharp;

namespace Omnia.Engines.Onnx.Tests.Diffusion;

public sealed class OnnxDiffusionImageGeneratorTests : IDisposable
{
    private readonly DiffusionTestModel model = new();

    private OnnxDiffusionImageGenerator Generator(OnnxDiffusionOptions? options = null) =>
        new(DiffusionModelFiles.FromExportDirectory(model.Directory), options ?? new OnnxDiffusionOptions { Threads = 1 });

    private static ImageGenerationOptions Options(long seed, int steps = 1, int size = 256, int partials = 0) => new()
    {
        ImageSize = new Size(size, size),
        StreamingCount = partials,
        AdditionalProperties = new() { [ImageProperties.Seed] = seed, [ImageProperties.Steps] = steps },
    };

    [Fact]
    public async Task One_step_makes_the_pixels_the_scheduler_unet_and_vae_formulas_give()
    {
        using var generator = Generator();

        var response = await generator.GenerateAsync(new ImageGenerationRequest("cat"), Options(seed: 42));

        var image = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("image/png", image.MediaType);
        using var bitmap = SKBitmap.Decode(image.Data.ToArray());
        Assert.Equal((256, 256), (bitmap.Width, bitmap.Height));
        // By hand: latents = noise · √(σ²+1); the UNet sees latents / √(σ²+1) and answers ε; one step to σ = 0 leaves
        // latents − σ·ε; the VAE shows channels 0-2 of latents / 0.18215 over 8×8 blocks.
        var scheduler = new EulerScheduler(1);
        var noise = new float[4 * 32 * 32];
        new GaussianNoise(42).Fill(noise);
        int[] ids = [DiffusionTestModel.StartId, DiffusionTestModel.CatId, .. Enumerable.Repeat(DiffusionTestModel.EndId, 75)];
        var hiddenMean = ids.Average() / 1000;
        var sigma = scheduler.Sigmas[0];
        foreach (var (x, y) in new[] { (0, 0), (100, 37), (255, 255) })
        {
            var pixel = bitmap.GetPixel(x, y);
            byte[] actual = [pixel.Red, pixel.Green, pixel.Blue];
            for (var channel = 0; channel < 3; channel++)
            {
                var latent = noise[channel * 1024 + y / 8 * 32 + x / 8] * scheduler.InitialNoiseScale;
                var epsilon = DiffusionTestModel.SampleWeight * latent * scheduler.InputScale(0)
                    + DiffusionTestModel.HiddenWeight * hiddenMean + DiffusionTestModel.TimestepWeight * 999;
                var expected = ImageEncoder.ToByte((float)((latent - sigma * epsilon) / DiffusionPipeline.LatentScale));
                Assert.InRange(actual[channel], expected - 1, expected + 1);
            }
        }
        Assert.Equal(42L, image.AdditionalProperties?[ImageProperties.UsedSeed]);
    }

    [Fact]
    public async Task The_same_seed_makes_the_same_image_and_another_seed_another()
    {
        using var generator = Generator();
        var request = new ImageGenerationRequest("a dog");

        var first = await generator.GenerateAsync(request, Options(seed: 7, steps: 2));
        var again = await generator.GenerateAsync(request, Options(seed: 7, steps: 2));
        var other = await generator.GenerateAsync(request, Options(seed: 8, steps: 2));

        Assert.Equal(Bytes(first), Bytes(again));
        Assert.NotEqual(Bytes(first), Bytes(other));
    }

    [Fact]
    public async Task Several_images_take_consecutive_seeds_in_the_requested_format()
    {
        using var generator = Generator();
        var options = Options(seed: 100);
        options.Count = 2;
        options.MediaType = "image/jpeg";

        var response = await generator.GenerateAsync(new ImageGenerationRequest("cat"), options);

        Assert.Equal(2, response.Contents.Count);
        Assert.All(response.Contents, c => Assert.Equal("image/jpeg", ((DataContent)c).MediaType));
        Assert.Equal([100L, 101L], response.Contents.Select(c => (long)c.AdditionalProperties![ImageProperties.UsedSeed]!));
        Assert.Equal([0xFF, 0xD8], ((DataContent)response.Contents[0]).Data.ToArray()[..2]);
    }

    [Fact]
    public async Task Output_compression_sets_the_jpeg_quality()
    {
        using var generator = Generator();
        ImageGenerationOptions Jpeg(int compression)
        {
            var options = Options(seed: 9);
            options.MediaType = "image/jpeg";
            options.AdditionalProperties![ImageProperties.OutputCompression] = compression;
            return options;
        }

        var small = await generator.GenerateAsync(new ImageGenerationRequest("cat"), Jpeg(10));
        var large = await generator.GenerateAsync(new ImageGenerationRequest("cat"), Jpeg(100));

        Assert.True(Bytes(small).Length < Bytes(large).Length, $"quality 10 gave {Bytes(small).Length} bytes, quality 100 {Bytes(large).Length}");
    }

    [Fact]
    public async Task Streaming_shows_the_partial_images_asked_for_then_the_final_one()
    {
        using var generator = Generator();

        var updates = await generator.GenerateStreamingAsync(new ImageGenerationRequest("cat"), Options(seed: 1, steps: 4, partials: 3)).ToListAsync();

        Assert.Equal([0, 1, 2, null], updates.Select(u => u.PartialImageIndex));
        Assert.True(updates[^1].IsFinal);
        Assert.All(updates, u => Assert.Equal("image/png", u.Image.MediaType));
    }

    [Fact]
    public async Task Cancelling_stops_the_generation_between_steps()
    {
        using var generator = Generator();
        using var cancel = new CancellationTokenSource();
        var seen = new List<ImageGenerationUpdate>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in generator.GenerateStreamingAsync(new ImageGenerationRequest("cat"), Options(seed: 1, steps: 4, partials: 3), cancel.Token))
            {
                seen.Add(update);
                await cancel.CancelAsync();
            }
        });

        // Nothing more is handed out once the caller has cancelled, though the steps may have run ahead.
        Assert.Equal([0], seen.Select(u => u.PartialImageIndex));
    }

    [Fact]
    public void The_pipeline_runs_no_step_after_the_cancellation()
    {
        var files = DiffusionModelFiles.FromExportDirectory(model.Directory);
        using var textEncoder = new Microsoft.ML.OnnxRuntime.InferenceSession(files.TextEncoder);
        using var unet = new Microsoft.ML.OnnxRuntime.InferenceSession(files.Unet);
        using var vae = new Microsoft.ML.OnnxRuntime.InferenceSession(files.VaeDecoder);
        var pipeline = new DiffusionPipeline(textEncoder, unet, vae);
        using var cancel = new CancellationTokenSource();
        int[] ids = [DiffusionTestModel.StartId, .. Enumerable.Repeat(DiffusionTestModel.EndId, 76)];
        var request = new DiffusionRequest(ids, ids, 256, 256, Steps: 4, Seed: 1, GuidanceScale: 0) { PartialSteps = [0, 1, 2] };
        var partials = new List<int>();

        Assert.Throws<OperationCanceledException>(() => pipeline.Generate(request, (index, _) =>
        {
            partials.Add(index);
            cancel.Cancel();
        }, cancel.Token));

        // Cancelled while showing step 0's image: steps 1 to 3 never ran, so no other partial image was made.
        Assert.Equal([0], partials);
    }

    [Fact]
    public async Task A_size_the_model_cannot_make_is_refused_listing_the_sizes_it_can()
    {
        using var generator = Generator();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => generator.GenerateAsync(new ImageGenerationRequest("cat"), Options(seed: 1, size: 300)));

        Assert.Equal("size", error.Param);
        Assert.Contains("multiple of 64 from 256 to 1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transparent_background_is_refused_naming_the_parameter()
    {
        using var generator = Generator();
        var options = Options(seed: 1);
        options.AdditionalProperties![ImageProperties.Background] = "transparent";

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => generator.GenerateAsync(new ImageGenerationRequest("cat"), options));

        Assert.Equal("background", error.Param);
    }

    [Fact]
    public async Task A_prompt_past_the_tokenizers_length_is_cut_and_the_image_says_so()
    {
        using var generator = Generator();

        var response = await generator.GenerateAsync(new ImageGenerationRequest(string.Join(' ', Enumerable.Repeat("cat", 90))), Options(seed: 1));

        var warning = Assert.IsType<string>(response.Contents[0].AdditionalProperties?[ImageProperties.Warning]);
        Assert.Contains("last 15 tokens", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guidance_runs_the_unet_on_an_unconditioned_and_a_conditioned_batch()
    {
        using var generator = Generator(new OnnxDiffusionOptions { Threads = 1, GuidanceScale = 7.5 });

        var response = await generator.GenerateAsync(new ImageGenerationRequest("cat"), Options(seed: 3, steps: 2));

        Assert.Single(response.Contents);
    }

    [Fact]
    public async Task Requests_past_the_queue_are_refused_while_one_is_in_progress()
    {
        using var generator = Generator(new OnnxDiffusionOptions { Threads = 1, MaxActiveRequests = 1 });
        await using var first = generator.GenerateStreamingAsync(new ImageGenerationRequest("cat"), Options(seed: 1, steps: 4, partials: 3)).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        await Assert.ThrowsAsync<EngineOverloadedException>(() => generator.GenerateAsync(new ImageGenerationRequest("dog"), Options(seed: 2)));
    }

    [Fact]
    public async Task A_bad_request_is_refused_for_what_it_asks_even_while_the_queue_is_full()
    {
        using var generator = Generator(new OnnxDiffusionOptions { Threads = 1, MaxActiveRequests = 1 });
        await using var first = generator.GenerateStreamingAsync(new ImageGenerationRequest("cat"), Options(seed: 1, steps: 4, partials: 3)).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => generator.GenerateAsync(new ImageGenerationRequest("dog"), Options(seed: 2, steps: 10_000)));

        Assert.Equal("steps", refused.Param);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_the_image_their_seed_gives_alone()
    {
        using var generator = Generator(new OnnxDiffusionOptions { Threads = 1, MaxConcurrentGenerations = 2 });
        var prompts = new[] { "cat", "a dog", "cat dog", "dog cat cab" };
        var alone = new List<byte[]>();
        foreach (var (prompt, seed) in prompts.Select((p, i) => (p, (long)i)))
            alone.Add(Bytes(await generator.GenerateAsync(new ImageGenerationRequest(prompt), Options(seed, steps: 2))));

        var together = await Task.WhenAll(prompts.Select((p, i) => Task.Run(() => generator.GenerateAsync(new ImageGenerationRequest(p), Options(i, steps: 2)))));

        Assert.Equal(alone, together.Select(Bytes));
    }

    private static byte[] Bytes(ImageGenerationResponse response) => ((DataContent)response.Contents[0]).Data.ToArray();

    public void Dispose() => model.Dispose();
}
