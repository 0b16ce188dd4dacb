using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Tests;
using OpenAI;
using OpenAI.Images;
using SkiaSharp;

namespace Omnia.Server.Tests.Images;

/// <summary><c>POST /v1/images/edits</c> on the generated-graph export: the official SDK, raw multipart, streaming and bad input.</summary>
public sealed class ImageEditsTests(ImageServerFixture fixture) : IClassFixture<ImageServerFixture>
{
    private ImageClient Client(string model = ImageServerFixture.ModelId) =>
        new(model, new ApiKeyCredential("sdk-key"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "v1") });

    [Fact]
    public async Task The_official_sdk_edits_inside_the_mask_and_keeps_the_rest()
    {
        var input = TestPictures.Blocks(256, 256);
        using var image = new MemoryStream(input);
        using var mask = new MemoryStream(TestPictures.LeftHalfKept(256, 256));

        GeneratedImage edited = await Client("gpt-image-1").GenerateImageEditAsync(image, "photo.png", "a cat", mask, "mask.png", new ImageEditOptions
        {
            Size = new GeneratedImageSize(256, 256),
            ResponseFormat = GeneratedImageFormat.Bytes,
        });

        var output = edited.ImageBytes.ToArray();
        using var bitmap = SKBitmap.Decode(output);
        Assert.Equal((256, 256), (bitmap.Width, bitmap.Height));
        Assert.True(TestPictures.MaxDistance(input, output, 0, 128) <= 1, "the opaque half of the mask changed");
        Assert.True(TestPictures.MeanDistance(input, output, 128, 256) > 10, "the transparent half was not edited");
    }

    [Fact]
    public async Task Strength_and_seed_make_the_same_edit_again_and_a_lower_strength_stays_closer()
    {
        var input = TestPictures.Blocks(256, 256);

        var first = await EditAsync(Form(input, ("prompt", "cat"), ("strength", "0.5"), ("seed", "3")));
        var again = await EditAsync(Form(input, ("prompt", "cat"), ("strength", "0.5"), ("seed", "3")));
        var gentle = await EditAsync(Form(input, ("prompt", "cat"), ("strength", "0.05"), ("seed", "3")));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(Image(first.Body), Image(again.Body));
        Assert.Equal(3, first.Body.GetProperty("data")[0].GetProperty("seed").GetInt64());
        Assert.True(TestPictures.MeanDistance(input, Image(gentle.Body), 0, 256) < TestPictures.MeanDistance(input, Image(first.Body), 0, 256));
    }

    [Fact]
    public async Task Images_may_come_as_image_array_fields_and_the_size_follows_the_upload()
    {
        var content = new MultipartFormDataContent { { new StringContent("cat"), "prompt" } };
        content.Add(File(TestPictures.Blocks(256, 320), "image/png"), "image[]", "photo.png");

        var (status, body) = await EditAsync(content);

        Assert.Equal(HttpStatusCode.OK, status);
        using var bitmap = SKBitmap.Decode(Image(body));
        Assert.Equal((256, 320), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Streaming_an_edit_sends_image_edit_events()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/images/edits")
        {
            Content = Form(TestPictures.Blocks(256, 256), ("prompt", "cat"), ("stream", "true"), ("partial_images", "1"), ("steps", "4"), ("strength", "1")),
        };
        using var response = await fixture.Server.Http.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        var events = lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement).ToList();

        Assert.Equal(["image_edit.partial_image", "image_edit.completed"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["event: image_edit.partial_image", "event: image_edit.completed"], lines.Where(l => l.StartsWith("event: ", StringComparison.Ordinal)));
    }

    public static TheoryData<string, string> BadEdits => new()
    {
        { "no image", "image" },
        { "no prompt", "prompt" },
        { "text as image", "image" },
        { "gif", "image" },
        { "undecodable png", "image" },
        { "mask of another size", "mask" },
        { "jpeg mask", "mask" },
        { "strength 0", "strength" },
        { "strength 1.5", "strength" },
        { "strength word", "strength" },
        { "n word", "n" },
        { "json body", "image" },
    };

    [Theory]
    [MemberData(nameof(BadEdits))]
    public async Task Bad_input_is_a_400_naming_the_parameter(string edit, string param)
    {
        var image = TestPictures.Blocks(256, 256);
        HttpContent content = edit switch
        {
            "no image" => new MultipartFormDataContent { { new StringContent("cat"), "prompt" } },
            "no prompt" => Form(image),
            "text as image" => Form("hello"u8.ToArray(), ("prompt", "cat")),
            "gif" => Form(TestPictures.Gif, ("prompt", "cat")),
            "undecodable png" => Form([.. image[..40]], ("prompt", "cat")),
            "mask of another size" => WithMask(Form(image, ("prompt", "cat")), TestPictures.LeftHalfKept(128, 128)),
            "jpeg mask" => WithMask(Form(image, ("prompt", "cat")), TestPictures.Encode(256, 256, SKEncodedImageFormat.Jpeg)),
            "strength 0" => Form(image, ("prompt", "cat"), ("strength", "0")),
            "strength 1.5" => Form(image, ("prompt", "cat"), ("strength", "1.5")),
            "strength word" => Form(image, ("prompt", "cat"), ("strength", "strong")),
            "n word" => Form(image, ("prompt", "cat"), ("n", "two")),
            _ => JsonContent.Create(new { prompt = "cat", image = "photo.png" }),
        };

        var (status, body) = await EditAsync(content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(param, body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_client_going_away_cancels_the_edit()
    {
        var hanging = new HangingImageGeneratorFake();
        var served = new Omnia.Models.ServedModel("hanging-editor", Omnia.Catalog.ModelRole.Image);
        served.MarkReady(hanging);
        fixture.Server.Registry.Add(served);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/images/edits")
        {
            Content = Form(TestPictures.Blocks(64, 64), ("model", "hanging-editor"), ("prompt", "cat"), ("stream", "true"), ("partial_images", "1")),
        };

        using (var response = await fixture.Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("event: image_edit.partial_image", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        await hanging.Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
    }

    internal static MultipartFormDataContent Form(byte[] image, params (string Name, string Value)[] fields)
    {
        var content = new MultipartFormDataContent { { File(image, "image/png"), "image", "photo.png" } };
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        return content;
    }

    private static MultipartFormDataContent WithMask(MultipartFormDataContent content, byte[] mask)
    {
        content.Add(File(mask, "image/png"), "mask", "mask.png");
        return content;
    }

    private static ByteArrayContent File(byte[] bytes, string mediaType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return file;
    }

    private static byte[] Image(JsonElement body) => Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!);

    private async Task<(HttpStatusCode Status, JsonElement Body)> EditAsync(HttpContent content)
    {
        using (content)
        {
            using var response = await fixture.Server.Http.PostAsync("v1/images/edits", content);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }
    }
}
