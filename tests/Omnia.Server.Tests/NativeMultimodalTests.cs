using System.Text.Json.Nodes;

namespace Omnia.Server.Tests;

/// <summary>
/// The native image path end to end through the server: images reach the network through libmtmd, not the OCR cascade.
/// </summary>
public sealed class NativeMultimodalTests(NativeVisionServerFixture fixture) : IClassFixture<NativeVisionServerFixture>
{
    private readonly OmniaServerInstance _server = fixture.Server;

    private static JsonObject Ask(params JsonNode[] parts)
    {
        var body = ChatRequests.Body("x", 4, seed: 1);
        body["model"] = NativeVisionServerFixture.ModelId;
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray([new JsonObject { ["type"] = "text", ["text"] = "Look:" }, .. parts]) });
        return body;
    }

    private static JsonObject Image(byte[] bytes) =>
        new() { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = TestImages.DataUrl(bytes, "image/png") } };

    [Fact]
    public async Task The_model_list_says_the_model_takes_images_natively()
    {
        var models = await _server.Http.GetStringAsync("v1/models");
        var model = JsonNode.Parse(models)!["data"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == NativeVisionServerFixture.ModelId)!;

        Assert.Equal("ready", model["status"]!.GetValue<string>());
        Assert.Equal(["text", "image"], model["input_modalities"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task An_image_goes_into_the_network_as_its_patches_and_a_bad_one_is_a_400()
    {
        var (plainStatus, plain) = await ChatRequests.PostAsync(_server.Http, Ask());
        var (status, withImage) = await ChatRequests.PostAsync(_server.Http, Ask(Image(await TestImages.TextPngAsync("HELLO"))));
        var (badStatus, bad) = await ChatRequests.PostAsync(_server.Http, Ask(Image("not an image"u8.ToArray())));

        Assert.Equal(200, plainStatus);
        Assert.True(status == 200, withImage.ToString());
        // 16 patches of the 32×32 encoder, not OCR text: the prompt grows by the patches (and a token at the marker).
        var grown = withImage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() - plain.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        Assert.InRange(grown, NativeVisionServerFixture.PatchCount, NativeVisionServerFixture.PatchCount + 2);
        Assert.Equal(400, badStatus);
        Assert.Equal("invalid_image", bad.GetProperty("error").GetProperty("code").GetString());
    }
}
