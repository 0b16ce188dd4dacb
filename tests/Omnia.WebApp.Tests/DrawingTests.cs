using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

/// <summary><c>/draw …</c> in the composer: the picture streams from <c>/v1/images/generations</c> into the conversation.</summary>
[Collection(WebAppCollection.Name)]
public sealed class DrawingTests(WebAppFixture fixture, DrawingServerFixture drawing) : IClassFixture<DrawingServerFixture>
{
    [Fact]
    public async Task A_draw_command_shows_the_generated_png_with_a_download_link()
    {
        await using var app = await fixture.OpenAsync(drawing.Server);
        await app.WaitForModelAsync();
        var request = app.Page.WaitForRequestAsync("**/v1/images/generations");

        await app.SendAsync("/draw a red fox");

        using (var body = JsonDocument.Parse((await request).PostData!))
        {
            Assert.Equal("a red fox", body.RootElement.GetProperty("prompt").GetString());
            Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
            Assert.Equal(2, body.RootElement.GetProperty("partial_images").GetInt32());
        }
        await Expect(app.LastAnswer).ToHaveClassAsync(new Regex(@"\bdone\b"), new() { Timeout = 60_000 });
        var image = app.LastAnswer.GetByRole(AriaRole.Img, new() { Name = "Generated image 1" });
        await Expect(image).ToBeVisibleAsync();
        await Expect(image).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        Assert.True(await image.EvaluateAsync<bool>("async i => { await i.decode(); return i.naturalWidth > 0; }"));
        var download = app.LastAnswer.GetByRole(AriaRole.Link, new() { Name = "Download" });
        await Expect(download).ToHaveAttributeAsync("download", "omnia-image-1.png");
        await Expect(download).ToHaveAttributeAsync("href", new Regex("^data:image/png;base64,"));
        await Expect(app.LastAnswer.GetByRole(AriaRole.Link, new() { Name = "Open full size" })).ToBeVisibleAsync();
        await app.ScreenshotAsync("20-drawn-image");
    }
}
