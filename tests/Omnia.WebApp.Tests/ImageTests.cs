using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class ImageTests(WebAppFixture fixture)
{
    [Fact]
    public async Task An_attached_photo_is_downscaled_sent_as_a_data_url_and_answered_through_the_ocr_cascade()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        var png = await PngAsync(app.Page, 2400, 1600);

        await app.Page.Locator("#image-input").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = png });
        await Expect(app.Page.GetByRole(AriaRole.Img, new() { Name = "Image 1 to send" })).ToBeVisibleAsync();
        var request = app.Page.WaitForRequestAsync("**/v1/chat/completions");
        await app.SendAsync("What is in this picture?");

        using var body = JsonDocument.Parse((await request).PostData!);
        var parts = body.RootElement.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("What is in this picture?", parts[0].GetProperty("text").GetString());
        var url = parts[1].GetProperty("image_url").GetProperty("url").GetString()!;
        Assert.StartsWith("data:image/jpeg;base64,", url, StringComparison.Ordinal);
        Assert.True(url.Length < png.Length, $"the upload ({url.Length} chars) is not smaller than the original ({png.Length} bytes)");
        var size = await app.Page.EvaluateAsync<int[]>(
            "async url => { const i = new Image(); i.src = url; await i.decode(); return [i.naturalWidth, i.naturalHeight]; }", url);
        Assert.Equal([1024, 683], size);

        // stories260K reads text only; the server reads the picture with OCR and the model answers.
        await Expect(app.LastAnswer).ToHaveClassAsync(new Regex(@"\bdone\b"), new() { Timeout = 60_000 });
        await Expect(app.LastAnswer).Not.ToHaveClassAsync(new Regex(@"\berror\b"));
        await Expect(app.Messages.First.GetByRole(AriaRole.Img, new() { Name = "Attached image 1" })).ToBeVisibleAsync();
        await app.ScreenshotAsync("06-image-answered");
    }

    [Fact]
    public async Task A_camera_snapshot_is_attached_downscaled_and_the_camera_is_released()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Take photo" }).ClickAsync();
        var dialog = app.Page.GetByRole(AriaRole.Dialog, new() { Name = "Take a photo" });
        await Expect(dialog).ToBeVisibleAsync();
        await app.Page.WaitForFunctionAsync("() => document.querySelector('#camera-video').videoWidth > 0");
        await app.ScreenshotAsync("14-camera");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Capture" }).ClickAsync();

        var thumbnail = app.Page.GetByRole(AriaRole.Img, new() { Name = "Image 1 to send" });
        await Expect(thumbnail).ToBeVisibleAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var size = await thumbnail.EvaluateAsync<int[]>("async i => { await i.decode(); return [i.naturalWidth, i.naturalHeight]; }");
        Assert.InRange(Math.Max(size[0], size[1]), 1, 1024);
        Assert.True(await app.Page.EvaluateAsync<bool>("() => document.querySelector('#camera-video').srcObject === null"));
    }

    /// <summary>A colourful PNG drawn by the browser's own canvas, so the test needs no image library.</summary>
    private static async Task<byte[]> PngAsync(IPage page, int width, int height)
    {
        var base64 = await page.EvaluateAsync<string>("""
            ([w, h]) => {
              const canvas = document.createElement('canvas');
              canvas.width = w; canvas.height = h;
              const g = canvas.getContext('2d');
              const gradient = g.createLinearGradient(0, 0, w, h);
              gradient.addColorStop(0, '#0b57d0'); gradient.addColorStop(1, '#f59e0b');
              g.fillStyle = gradient; g.fillRect(0, 0, w, h);
              g.fillStyle = '#fff'; g.font = '200px sans-serif'; g.fillText('Omnia', 300, 900);
              return canvas.toDataURL('image/png').split(',')[1];
            }
            """, new[] { width, height });
        return Convert.FromBase64String(base64);
    }
}
