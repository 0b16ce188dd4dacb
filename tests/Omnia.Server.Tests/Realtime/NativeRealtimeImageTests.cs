using static Omnia.Server.Tests.Realtime.RealtimeImageTests;

namespace Omnia.Server.Tests.Realtime;

/// <summary>A picture in a realtime conversation with a model that sees: it goes into the network as its patches, not as OCR text.</summary>
public sealed class NativeRealtimeImageTests(NativeOmniServerFixture fixture) : IClassFixture<NativeOmniServerFixture>
{
    [Fact]
    public async Task A_picture_reaches_a_vision_model_as_its_patches_counted_in_the_input_tokens()
    {
        var png = await TestImages.TextPngAsync("HELLO");
        await using var plain = await TextSessionAsync(fixture.Server, NativeOmniServerFixture.ModelId);
        await using var shown = await TextSessionAsync(fixture.Server, NativeOmniServerFixture.ModelId);

        var without = await InputTokensAsync(plain, UserMessage(Text("Look.")));
        var with = await InputTokensAsync(shown, UserMessage(Text("Look."), Image(TestImages.DataUrl(png, "image/png"))));

        // 16 patches of the 32×32 encoder and a token or two at the media marker, as in chat completions.
        Assert.InRange(with - without, NativeOmniServerFixture.PatchCount, NativeOmniServerFixture.PatchCount + 3);
    }
}
