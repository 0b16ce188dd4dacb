using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Images;
using SkiaSharp;

namespace Omnia.Server.Tests.Images;

public sealed class ImageGenerationsTests(ImageServerFixture fixture) : IClassFixture<ImageServerFixture>
{
    private ImageClient Client(string model = ImageServerFixture.ModelId) =>
        new(model, new ApiKeyCredential("sdk-key"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "v1") });

    [Fact]
    public async Task The_official_sdk_gets_a_png_of_the_size_it_asked_for()
    {
        GeneratedImage image = await Client().GenerateImageAsync("a cat", new ImageGenerationOptions
        {
            Size = new GeneratedImageSize(256, 320),
            ResponseFormat = GeneratedImageFormat.Bytes,
        });

        using var bitmap = SKBitmap.Decode(image.ImageBytes.ToArray());
        Assert.Equal((256, 320), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task The_official_sdk_gets_several_images_under_openais_model_name()
    {
        GeneratedImageCollection images = await Client("dall-e-2").GenerateImagesAsync("a dog", 2, new ImageGenerationOptions { Size = new GeneratedImageSize(256, 256) });

        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.NotNull(SKBitmap.Decode(i.ImageBytes.ToArray())));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_image()
    {
        var first = await GenerateAsync(new { prompt = "cat", size = "256x256", seed = 5 });
        var again = await GenerateAsync(new { prompt = "cat", size = "256x256", seed = 5 });

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Body.GetProperty("data")[0].GetProperty("b64_json").GetString(), again.Body.GetProperty("data")[0].GetProperty("b64_json").GetString());
        Assert.Equal(5, first.Body.GetProperty("data")[0].GetProperty("seed").GetInt64());
    }

    [Theory]
    [InlineData("""{"prompt":"cat","size":"300x300"}""", "size", "multiple of 64")]
    [InlineData("""{"prompt":"cat","size":"big"}""", "size", "WIDTHxHEIGHT")]
    [InlineData("""{"prompt":"cat","n":5}""", "n", "from 1 to 4")]
    [InlineData("""{"prompt":"cat","response_format":"url"}""", "response_format", "b64_json only")]
    [InlineData("""{"prompt":"cat","output_format":"gif"}""", "output_format", "png, jpeg, webp")]
    [InlineData("""{"prompt":"cat","background":"transparent"}""", "background", "transparent")]
    [InlineData("""{"prompt":"cat","quality":"ultra"}""", "quality", "low")]
    [InlineData("""{"prompt":"cat","stream":true,"partial_images":4}""", "partial_images", "0 to 3")]
    [InlineData("""{"size":"256x256"}""", "prompt", "prompt")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string body, string param, string hint)
    {
        using var response = await fixture.Server.Http.PostAsync("v1/images/generations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains(hint, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_prompt_is_cut_and_the_answer_says_so()
    {
        var (status, body) = await GenerateAsync(new { prompt = string.Join(' ', Enumerable.Repeat("cat", 100)), size = "256x256" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("last 25 tokens", body.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_sends_partial_images_then_the_completed_image()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/images/generations")
        {
            Content = JsonContent.Create(new { prompt = "cat", size = "256x256", stream = true, partial_images = 2, quality = "high", output_format = "jpeg" }),
        };
        using var response = await fixture.Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n');
        var events = lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement).ToList();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(events.Select(e => "event: " + e.GetProperty("type").GetString()), lines.Where(l => l.StartsWith("event: ", StringComparison.Ordinal)));
        Assert.Equal([0, 1], events.Take(2).Select(e => e.GetProperty("partial_image_index").GetInt32()));
        Assert.All(events, e => Assert.Equal("jpeg", e.GetProperty("output_format").GetString()));
        Assert.Equal([0xFF, 0xD8], Convert.FromBase64String(events[^1].GetProperty("b64_json").GetString()!)[..2]);
    }

    [Fact]
    public async Task A_client_going_away_cancels_the_generation()
    {
        var hanging = new HangingImageGeneratorFake();
        var served = new Omnia.Models.ServedModel("hanging-painter", Omnia.Catalog.ModelRole.Image);
        served.MarkReady(hanging);
        fixture.Server.Registry.Add(served);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/images/generations")
        {
            Content = JsonContent.Create(new { model = "hanging-painter", prompt = "cat", stream = true, partial_images = 1 }),
        };

        using (var response = await fixture.Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("event: image_generation.partial_image", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        await hanging.Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_image_model_is_listed_with_its_role()
    {
        var models = await fixture.Server.Http.GetFromJsonAsync<JsonElement>("v1/models");

        var image = models.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == ImageServerFixture.ModelId);
        Assert.Equal("image", image.GetProperty("role").GetString());
        Assert.Equal("ready", image.GetProperty("status").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GenerateAsync(object body)
    {
        using var response = await fixture.Server.Http.PostAsJsonAsync("v1/images/generations", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
