using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Cli.Hosting;
using Omnia.Tests;
using OpenAI;
using OpenAI.Images;
using SkiaSharp;

namespace Omnia.Server.Tests.Images;

/// <summary>An Omnia whose image model is an upstream (<c>--upstream NAME=URL,role=image</c>): the real Omnia of
/// <see cref="ImageServerFixture"/>, or a fake that only injects faults.</summary>
public sealed class RemoteImageGenerationsTests(ImageServerFixture fixture) : IClassFixture<ImageServerFixture>
{
    [Fact]
    public async Task The_official_sdk_gets_the_upstreams_image_through_omnia()
    {
        await using var front = await StartFrontAsync(new Uri(fixture.Server.BaseAddress, "v1").ToString(), ImageServerFixture.ModelId);
        var client = new ImageClient("painter", new ApiKeyCredential("sdk-key"), new OpenAIClientOptions { Endpoint = new Uri(front.BaseAddress, "v1") });

        GeneratedImage image = await client.GenerateImageAsync("a cat", new ImageGenerationOptions
        {
            Size = new GeneratedImageSize(256, 256),
            ResponseFormat = GeneratedImageFormat.Bytes,
        });

        using var bitmap = SKBitmap.Decode(image.ImageBytes.ToArray());
        Assert.Equal((256, 256), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task The_official_sdk_edits_through_omnia_with_the_mask_reaching_the_upstream()
    {
        await using var front = await StartFrontAsync(new Uri(fixture.Server.BaseAddress, "v1").ToString(), ImageServerFixture.ModelId);
        var client = new ImageClient("painter", new ApiKeyCredential("sdk-key"), new OpenAIClientOptions { Endpoint = new Uri(front.BaseAddress, "v1") });
        var input = TestPictures.Blocks(256, 256);
        using var image = new MemoryStream(input);
        using var mask = new MemoryStream(TestPictures.LeftHalfKept(256, 256));

        GeneratedImage edited = await client.GenerateImageEditAsync(image, "photo.png", "a cat", mask, "mask.png", new ImageEditOptions
        {
            Size = new GeneratedImageSize(256, 256),
            ResponseFormat = GeneratedImageFormat.Bytes,
        });

        // The upstream kept the mask's opaque half: the mask went through.
        var output = edited.ImageBytes.ToArray();
        Assert.True(TestPictures.MaxDistance(input, output, 0, 128) <= 1, "the opaque half of the mask changed");
        Assert.True(TestPictures.MeanDistance(input, output, 128, 256) > 10, "the transparent half was not edited");
    }

    [Fact]
    public async Task An_edit_of_several_images_through_an_upstream_is_a_400_naming_the_image()
    {
        await using var front = await StartFrontAsync(new Uri(fixture.Server.BaseAddress, "v1").ToString(), ImageServerFixture.ModelId);
        using var content = ImageEditsTests.Form(TestPictures.Blocks(64, 64), ("model", "painter"), ("prompt", "cat"));
        content.Add(new ByteArrayContent(TestPictures.Blocks(64, 64)), "image[]", "second.png");

        using var response = await front.Http.PostAsync("v1/images/edits", content);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("image", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_edit_on_an_upstream_that_is_down_is_a_502()
    {
        await using var upstream = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        await using var front = await StartFrontAsync(upstream.BaseUrl.ToString(), "gpt-image-1");
        using var content = ImageEditsTests.Form(TestPictures.Blocks(64, 64), ("model", "painter"), ("prompt", "cat"));

        using var response = await front.Http.PostAsync("v1/images/edits", content);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        Assert.Equal(1, upstream.ImageRequests);
    }

    [Fact]
    public async Task The_upstreams_400_reaches_the_client_with_its_message()
    {
        await using var front = await StartFrontAsync(new Uri(fixture.Server.BaseAddress, "v1").ToString(), ImageServerFixture.ModelId);

        using var response = await front.Http.PostAsJsonAsync("v1/images/generations", new { model = "painter", prompt = "cat", size = "300x300" });
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("multiple of 64", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upstream_that_is_down_is_a_502_naming_it()
    {
        await using var upstream = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        await using var front = await StartFrontAsync(upstream.BaseUrl.ToString(), "gpt-image-1");

        using var response = await front.Http.PostAsJsonAsync("v1/images/generations", new { model = "painter", prompt = "cat" });
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        Assert.Equal(1, upstream.ImageRequests);
    }

    private static Task<OmniaServerInstance> StartFrontAsync(string url, string model) => OmniaServerInstance.StartAsync(new ServeSettings
    {
        ChatModel = "stories260k",
        Parallel = 1,
        ContextSize = 256,
        Threads = 1,
        Upstreams = [UpstreamSetting.Parse($"painter={url},model={model},role=image")],
    });
}
