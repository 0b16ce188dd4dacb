using Microsoft.Extensions.Options;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Media;
using SkiaSharp;

namespace Omnia.Server.Tests.Media;

/// <summary>Issue #10: image decoding is bounded by a budget shared by all requests, and JPEG/WebP decode at the
/// scale they will be shown at.</summary>
public class ImageNormalizerBoundsTests
{
    private const long OneMegapixelBytes = 1024 * 1024 * 4;

    [Fact]
    public async Task Concurrent_decodes_share_one_budget_and_wait_for_it()
    {
        // Room for one 1024×1024 decode (4 MiB) and its 512×512 output (1 MiB), held by another decode at first.
        var budget = new ImageDecodeBudget(2 * OneMegapixelBytes);
        var normalizer = new ImageNormalizer(Options.Create(new MediaOptions()), budget);
        var png = SkiaImages.Encode(1024, 1024, SKEncodedImageFormat.Png);
        var other = await budget.AcquireAsync(2 * OneMegapixelBytes, CancellationToken.None);

        var waiting = normalizer.NormalizeAsync(png, "low", "image", CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        other.Dispose();
        var image = await waiting;
        Assert.Equal((512, 512), (image.Width, image.Height));
        Assert.Equal(2 * OneMegapixelBytes, budget.AvailableBytes);
    }

    [Fact]
    public async Task A_decode_waiting_for_the_budget_stops_when_the_client_leaves()
    {
        var budget = new ImageDecodeBudget(OneMegapixelBytes);
        var normalizer = new ImageNormalizer(Options.Create(new MediaOptions()), budget);
        using var held = await budget.AcquireAsync(OneMegapixelBytes, CancellationToken.None);
        using var leaving = new CancellationTokenSource();

        var waiting = normalizer.NormalizeAsync(SkiaImages.Encode(256, 256, SKEncodedImageFormat.Png), null, "image", leaving.Token);
        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task An_image_needing_more_than_the_whole_budget_is_a_400_naming_the_parameter()
    {
        var normalizer = new ImageNormalizer(Options.Create(new MediaOptions()), new ImageDecodeBudget(OneMegapixelBytes));

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            normalizer.NormalizeAsync(SkiaImages.Encode(2048, 1024, SKEncodedImageFormat.Png), null, "messages[0].content[1]", CancellationToken.None));

        Assert.Equal((400, "messages[0].content[1]", "image_too_large"), (error.Status, error.Param, error.Code));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public async Task A_large_jpeg_or_webp_is_decoded_at_the_reduced_scale_it_will_be_shown_at(SKEncodedImageFormat format)
    {
        // 2048×2048 is 16 MiB decoded in full; at detail low it is shown at 512×512, which fits a 2 MiB budget.
        var normalizer = new ImageNormalizer(Options.Create(new MediaOptions()), new ImageDecodeBudget(2 * OneMegapixelBytes));

        var image = await normalizer.NormalizeAsync(SkiaImages.Encode(2048, 2048, format), "low", "image", CancellationToken.None);

        Assert.Equal((512, 512), (image.Width, image.Height));
        using var decoded = SKBitmap.Decode(image.Png);
        var corner = decoded.GetPixel(2, 2);
        Assert.True(corner.Red > 200 && corner.Blue < 60, $"the gradient's red corner survives: {corner}");
    }
}
