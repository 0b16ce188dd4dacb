using System.Drawing;
using Microsoft.Extensions.AI;
using Omnia.Engines.Onnx.Diffusion;
using Omnia.Errors;
using Omnia.Images;
using Omnia.Tests;
using SkiaSharp;

namespace Omnia.Engines.Onnx.Tests.Diffusion;

/// <summary>Edits (image-to-image, with and without a mask) through the real pipeline on the generated-graph export,
/// whose VAE encoder and decoder give back an image that is constant over 8×8 blocks.</summary>
public sealed class ImageToImageTests : IDisposable
{
    private readonly DiffusionTestModel model = new();

    private OnnxDiffusionImageGenerator Generator(OnnxDiffusionOptions? options = null) =>
        new(DiffusionModelFiles.FromExportDirectory(model.Directory), options ?? new OnnxDiffusionOptions { Threads = 1 });

    private static ImageGenerationOptions Options(double strength, int steps = 4, byte[]? mask = null, int? size = 256, int partials = 0)
    {
        var options = new ImageGenerationOptions
        {
            ImageSize = size is { } side ? new Size(side, side) : null,
            StreamingCount = partials,
            AdditionalProperties = new() { [ImageProperties.Seed] = 11L, [ImageProperties.Steps] = steps, [ImageProperties.Strength] = strength },
        };
        if (mask is not null) options.AdditionalProperties[ImageProperties.Mask] = new DataContent(mask, "image/png");
        return options;
    }

    private static ImageGenerationRequest Edit(params byte[][] images) =>
        new("cat") { OriginalImages = [.. images.Select(i => new DataContent(i, "image/png"))] };

    [Fact]
    public async Task Strength_one_half_of_two_steps_runs_one_step_at_timestep_499_on_the_encoded_image()
    {
        using var generator = Generator();
        var input = TestPictures.Blocks(256, 256);

        var response = await generator.GenerateAsync(Edit(input), Options(strength: 0.5, steps: 2));

        using var output = SKBitmap.Decode(((DataContent)response.Contents[0]).Data.ToArray());
        using var original = SKBitmap.Decode(input);
        // By hand: x₀ = 0.18215·pixel (the encoder's channels red, green, blue, red); x = x₀ + σ(499)·ε; the UNet sees
        // x/√(σ²+1) and answers ε̂; one Euler step to σ = 0 leaves x − σ·ε̂; the decoder shows x / 0.18215.
        var sigma = EulerScheduler.Sigma(499);
        var noise = new float[4 * 32 * 32];
        new GaussianNoise(11).Fill(noise);
        int[] ids = [DiffusionTestModel.StartId, DiffusionTestModel.CatId, .. Enumerable.Repeat(DiffusionTestModel.EndId, 75)];
        var hiddenMean = ids.Average() / 1000;
        foreach (var (x, y) in new[] { (0, 0), (100, 37), (255, 255), (131, 200) })
        {
            var inPixel = original.GetPixel(x, y);
            byte[] inChannels = [inPixel.Red, inPixel.Green, inPixel.Blue];
            var outPixel = output.GetPixel(x, y);
            byte[] actual = [outPixel.Red, outPixel.Green, outPixel.Blue];
            for (var channel = 0; channel < 3; channel++)
            {
                var clean = DiffusionPipeline.LatentScale * EditImageReader.ToUnit(inChannels[channel]);
                var latent = clean + sigma * noise[channel * 1024 + y / 8 * 32 + x / 8];
                var epsilon = DiffusionTestModel.SampleWeight * latent / Math.Sqrt(sigma * sigma + 1)
                    + DiffusionTestModel.HiddenWeight * hiddenMean + DiffusionTestModel.TimestepWeight * 499;
                var expected = ImageEncoder.ToByte((float)((latent - sigma * epsilon) / DiffusionPipeline.LatentScale));
                Assert.InRange(actual[channel], expected - 1, expected + 1);
            }
        }
    }

    [Fact]
    public async Task A_lower_strength_keeps_the_image_closer_to_the_input()
    {
        using var generator = Generator();
        var input = TestPictures.Blocks(256, 256);

        var distances = new List<double>();
        foreach (var strength in new[] { 0.01, 0.3, 1.0 })
        {
            var response = await generator.GenerateAsync(Edit(input), Options(strength));
            distances.Add(TestPictures.MeanDistance(input, ((DataContent)response.Contents[0]).Data.ToArray(), 0, 256));
        }

        Assert.True(distances[0] < distances[1] && distances[1] < distances[2], string.Join(", ", distances));
    }

    [Fact]
    public async Task A_mask_keeps_the_pixels_where_it_is_opaque_and_edits_where_it_is_transparent()
    {
        using var generator = Generator();
        var input = TestPictures.Blocks(256, 256);
        var mask = TestPictures.LeftHalfKept(256, 256);

        var response = await generator.GenerateAsync(Edit(input), Options(strength: 0.75, mask: mask));

        var edited = ((DataContent)response.Contents[0]).Data.ToArray();
        // Kept latents end as the image's own (noise level 0 after the last step), and encode-decode is exact on blocks.
        Assert.True(TestPictures.MaxDistance(input, edited, 0, 128) <= 1, "the opaque half changed");
        Assert.True(TestPictures.MeanDistance(input, edited, 128, 256) > 10, "the transparent half was not edited");
    }

    [Fact]
    public async Task Streaming_an_edit_spreads_partial_images_over_the_steps_it_runs()
    {
        using var generator = Generator();

        // 4 steps at strength 0.5 run 2: a partial image after the first, then the final image.
        var updates = await generator.GenerateStreamingAsync(Edit(TestPictures.Blocks(256, 256)), Options(strength: 0.5, partials: 3)).ToListAsync();

        Assert.Equal([0, null], updates.Select(u => u.PartialImageIndex));
    }

    [Theory]
    [InlineData(256, 320, 256, 320)]
    [InlineData(300, 200, 512, 320)]
    public async Task An_edit_without_a_size_keeps_the_images_size_or_its_aspect(int width, int height, int expectedWidth, int expectedHeight)
    {
        using var generator = Generator();

        var response = await generator.GenerateAsync(Edit(TestPictures.Blocks(width, height)), Options(strength: 0.5, size: null));

        using var output = SKBitmap.Decode(((DataContent)response.Contents[0]).Data.ToArray());
        Assert.Equal((expectedWidth, expectedHeight), (output.Width, output.Height));
    }

    [Fact]
    public async Task A_model_without_a_vae_encoder_refuses_edits_naming_the_image()
    {
        using var textOnly = new DiffusionTestModel(withEncoder: false);
        using var generator = new OnnxDiffusionImageGenerator(DiffusionModelFiles.FromExportDirectory(textOnly.Directory), new OnnxDiffusionOptions { Threads = 1 });

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => generator.GenerateAsync(Edit(TestPictures.Blocks(256, 256)), Options(0.5)));

        Assert.False(generator.CanEdit);
        Assert.Equal("image", error.Param);
        Assert.Contains("cannot edit", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadEdits => new()
    {
        { "not an image", "image" },
        { "gif", "image" },
        { "two images", "image" },
        { "huge image", "image" },
        { "mask of another size", "mask" },
        { "jpeg mask", "mask" },
        { "opaque mask", "mask" },
        { "strength 0", "strength" },
        { "strength 1.5", "strength" },
    };

    [Theory]
    [MemberData(nameof(BadEdits))]
    public async Task Bad_edits_are_refused_naming_the_parameter(string edit, string param)
    {
        using var generator = Generator(new OnnxDiffusionOptions { Threads = 1, MaxSourcePixels = 256 * 256 });
        var image = TestPictures.Blocks(256, 256);
        var (request, options) = edit switch
        {
            "not an image" => (Edit("hello"u8.ToArray()), Options(0.5)),
            "gif" => (Edit(TestPictures.Gif), Options(0.5)),
            "two images" => (Edit(image, image), Options(0.5)),
            "huge image" => (Edit(TestPictures.Blocks(256, 264)), Options(0.5)),
            "mask of another size" => (Edit(image), Options(0.5, mask: TestPictures.LeftHalfKept(128, 128))),
            "jpeg mask" => (Edit(image), Options(0.5, mask: TestPictures.Encode(256, 256, SKEncodedImageFormat.Jpeg))),
            "opaque mask" => (Edit(image), Options(0.5, mask: image)),
            "strength 0" => (Edit(image), Options(0)),
            _ => (Edit(image), Options(1.5)),
        };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => generator.GenerateAsync(request, options));

        Assert.Equal(param, error.Param);
    }

    public void Dispose() => model.Dispose();
}
