using CsCheck;
using Microsoft.Extensions.Options;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Media;
using SkiaSharp;

namespace Omnia.Server.Tests.Media;

/// <summary>Issue #10's fuzzing of image sniffing and normalizing: real PNG, JPEG, WebP and GIF files with mutated
/// bytes (headers most of all) and truncations become a normalized image or a 400 naming the parameter, nothing else.</summary>
public class ImagePropertyTests
{
    private static readonly byte[][] Originals =
    [
        SkiaImages.Encode(64, 48, SKEncodedImageFormat.Png),
        SkiaImages.Encode(64, 48, SKEncodedImageFormat.Jpeg),
        SkiaImages.Encode(64, 48, SKEncodedImageFormat.Webp),
        SkiaImages.Gif,
    ];

    // Mostly within the first 64 bytes, where the signatures, dimensions and chunk sizes are.
    private static readonly Gen<int> Offsets = Gen.Frequency((4, (IGen<int>)Gen.Int[0, 63]), (1, Gen.Int[0, 4095]));

    private static readonly Gen<byte[]> MutatedImages =
        from original in Gen.Int[0, Originals.Length - 1]
        from mutations in Gen.Select(Offsets, Gen.Byte).Array[0, 8]
        from cut in Gen.Int[0, 4096]
        select Mutate(Originals[original], mutations, cut);

    [Fact]
    public async Task Every_mutated_image_is_normalized_or_refused_with_a_400_naming_the_parameter()
    {
        var options = new MediaOptions { MaxImagePixels = 4L * 1024 * 1024 };
        var normalizer = new ImageNormalizer(Options.Create(options), new ImageDecodeBudget(64L * 1024 * 1024));
        await MutatedImages.SampleAsync(async bytes =>
        {
            try
            {
                var image = await normalizer.NormalizeAsync(bytes, null, "image", CancellationToken.None);
                Assert.InRange(image.Width, 1, options.MaxImageSide);
                Assert.InRange(image.Height, 1, options.MaxImageSide);
            }
            catch (ApiException e)
            {
                Assert.Equal((400, "image"), (e.Status, e.Param));
                Assert.Contains(e.Code, new[] { "invalid_image", "unsupported_image_type", "image_too_large" });
            }
        }, iter: 1000, threads: 1);
    }

    private static byte[] Mutate(byte[] original, (int Offset, byte Value)[] mutations, int cut)
    {
        var bytes = cut < original.Length && cut % 4 == 0 ? original[..cut] : original.ToArray();
        foreach (var (offset, value) in mutations)
        {
            if (offset < bytes.Length)
            {
                bytes[offset] = value;
            }
        }

        return bytes;
    }
}
