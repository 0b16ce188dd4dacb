using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests;

/// <summary>Images and audio in chat on the cascade path: stories260K is text-only, so OCR and speech recognition stand in.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class ChatMediaTests(StoriesServerFixture fixture)
{
    private readonly OmniaServerInstance _server = fixture.Server;

    private static JsonObject WithParts(params JsonNode[] parts)
    {
        var body = ChatRequests.Body("x", 8, seed: 1);
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(parts) });
        return body;
    }

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Image(string url, string detail = "auto") =>
        new() { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url, ["detail"] = detail } };

    private static JsonObject Audio(byte[] wav) =>
        new() { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(wav), ["format"] = "wav" } };

    private async Task<int> PromptTokensAsync(JsonObject body)
    {
        var (status, json) = await ChatRequests.PostAsync(_server.Http, body);
        Assert.True(status == 200, json.ToString());
        return json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
    }

    [Fact]
    public async Task An_image_with_text_reaches_a_text_only_model_as_the_text_ocr_reads_in_it()
    {
        var png = await TestImages.TextPngAsync("OMNIA READS THIS");

        var plain = await PromptTokensAsync(WithParts(Text("What does it say?")));
        var withImage = await PromptTokensAsync(WithParts(Text("What does it say?"), Image(TestImages.DataUrl(png, "image/png"))));

        Assert.True(withImage > plain + 10, $"{withImage} vs {plain}");
    }

    [Fact]
    public async Task Spoken_audio_reaches_a_text_only_model_as_its_transcript()
    {
        var wav = await SpeechAudio.FliteWavAsync("What is the weather like today?");

        var plain = await PromptTokensAsync(WithParts(Text("Answer:")));
        var withAudio = await PromptTokensAsync(WithParts(Text("Answer:"), Audio(wav)));

        Assert.True(withAudio > plain + 5, $"{withAudio} vs {plain}");
    }

    [Fact]
    public async Task Text_image_and_audio_in_with_text_and_audio_out_works_end_to_end_on_the_cascade_path()
    {
        var body = WithParts(Text("Listen and look."), Image(TestImages.DataUrl(await TestImages.TextPngAsync("HELLO"), "image/png")),
            Audio(await SpeechAudio.FliteWavAsync("Tell me a story about a cat.")));
        body["max_tokens"] = 24;
        body["modalities"] = new JsonArray("text", "audio");
        body["audio"] = new JsonObject { ["voice"] = "coral", ["format"] = "wav" };

        var (status, json) = await ChatRequests.PostAsync(_server.Http, body);

        Assert.Equal(200, status);
        var audio = json.GetProperty("choices")[0].GetProperty("message").GetProperty("audio");
        Assert.NotEmpty(audio.GetProperty("transcript").GetString()!);
        Assert.True((await SpeechAudio.ProbeAsync(Convert.FromBase64String(audio.GetProperty("data").GetString()!))).Seconds > 0.3);
    }

    [Theory]
    [InlineData("bomb", "image_too_large")]
    [InlineData("bmp", "unsupported_image_type")]
    [InlineData("garbage", "invalid_image")]
    public async Task Bad_images_are_400s_before_decoding(string kind, string code)
    {
        var bytes = kind switch
        {
            "bomb" => TestImages.PngHeaderOnly(100_000, 100_000),
            "bmp" => TestImages.Bmp(),
            _ => "not an image at all, just words"u8.ToArray(),
        };

        var (status, json) = await ChatRequests.PostAsync(_server.Http, WithParts(Image(TestImages.DataUrl(bytes, "image/png"))));

        Assert.Equal(400, status);
        Assert.Equal(code, json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("messages[0].content[0]", json.GetProperty("error").GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/x.png")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.1.2.3/x.png")]
    [InlineData("http://[::1]/x.png")]
    [InlineData("http://localhost/x.png")]
    public async Task Image_urls_on_private_or_local_addresses_are_refused(string url)
    {
        var (status, json) = await ChatRequests.PostAsync(_server.Http, WithParts(Image(url)));

        Assert.Equal(400, status);
        Assert.Equal("image_url_forbidden", json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Image_urls_are_fetched_when_configuration_allows_local_addresses()
    {
        var png = await TestImages.TextPngAsync("FETCHED");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrlsLoopback();
        await using var images = builder.Build();
        images.MapGet("/picture.png", () => Results.Bytes(png, "image/png"));
        await images.StartAsync();
        var address = images.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var server = await OmniaServerInstance.StartAsync(new ServeSettings
        {
            ChatModel = "stories260k", ContextSize = 512, Parallel = 2, Threads = 1, AllowPrivateMediaUrls = true,
        });

        var (status, json) = await ChatRequests.PostAsync(server.Http, WithParts(Text("Read it."), Image(address + "/picture.png", "low")));

        Assert.True(status == 200, json.ToString());
    }

    [Fact]
    public async Task Corrupt_audio_and_unknown_detail_are_400s_naming_the_part()
    {
        var corrupt = WithParts(new JsonObject { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(new byte[5000]), ["format"] = "mp3" } });
        var (status, json) = await ChatRequests.PostAsync(_server.Http, corrupt);
        var (detailStatus, detail) = await ChatRequests.PostAsync(_server.Http, WithParts(Image("https://example.com/x.png", "ultra")));

        Assert.Equal(400, status);
        Assert.Equal("invalid_audio", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(400, detailStatus);
        Assert.Equal("messages[0].content[0].image_url.detail", detail.GetProperty("error").GetProperty("param").GetString());
    }
}
