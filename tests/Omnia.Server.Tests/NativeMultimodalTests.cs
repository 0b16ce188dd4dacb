using System.Text.Json.Nodes;

namespace Omnia.Server.Tests;

/// <summary>
/// The native media path end to end through the server: images and audio reach the network through libmtmd, not
/// the OCR and speech-to-text cascade.
/// </summary>
public sealed class NativeMultimodalTests(NativeOmniServerFixture fixture) : IClassFixture<NativeOmniServerFixture>
{
    private readonly OmniaServerInstance _server = fixture.Server;

    private static JsonObject Ask(params JsonNode[] parts)
    {
        var body = ChatRequests.Body("x", 4, seed: 1);
        body["model"] = NativeOmniServerFixture.ModelId;
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray([new JsonObject { ["type"] = "text", ["text"] = "Look:" }, .. parts]) });
        return body;
    }

    private static JsonObject Audio(byte[] wav) =>
        new() { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(wav), ["format"] = "wav" } };

    private static JsonObject Image(byte[] bytes) =>
        new() { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = TestImages.DataUrl(bytes, "image/png") } };

    [Fact]
    public async Task The_model_list_says_the_model_takes_images_and_audio_natively()
    {
        var models = await _server.Http.GetStringAsync("v1/models");
        var model = JsonNode.Parse(models)!["data"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == NativeOmniServerFixture.ModelId)!;

        Assert.Equal("ready", model["status"]!.GetValue<string>());
        Assert.Equal(["text", "image", "audio"], model["input_modalities"]!.AsArray().Select(m => m!.GetValue<string>()));
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
        Assert.InRange(grown, NativeOmniServerFixture.PatchCount, NativeOmniServerFixture.PatchCount + 2);
        Assert.Equal(400, badStatus);
        Assert.Equal("invalid_image", bad.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Text_image_and_audio_in_with_text_and_audio_out_works_end_to_end_on_the_native_path()
    {
        var body = Ask(Image(await TestImages.TextPngAsync("HELLO")), Audio(await SpeechAudio.FliteWavAsync("Tell me a story about a cat.")));
        body["max_tokens"] = 8;
        body["modalities"] = new JsonArray("text", "audio");
        body["audio"] = new JsonObject { ["voice"] = "coral", ["format"] = "wav" };
        var (plainStatus, plain) = await ChatRequests.PostAsync(_server.Http, Ask());

        var (status, json) = await ChatRequests.PostAsync(_server.Http, body);

        Assert.Equal(200, plainStatus);
        Assert.True(status == 200, json.ToString());
        // The image's patches and the sound's 30 s chunks went into the prompt, not an OCR text or a transcript.
        var grown = json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() - plain.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        Assert.InRange(grown, NativeOmniServerFixture.PatchCount + 750, NativeOmniServerFixture.PatchCount + 1600);
        var audio = json.GetProperty("choices")[0].GetProperty("message").GetProperty("audio");
        Assert.NotEmpty(audio.GetProperty("transcript").GetString()!);
        Assert.NotEmpty(Convert.FromBase64String(audio.GetProperty("data").GetString()!));
    }

    [Theory]
    [InlineData("native")]
    [InlineData(null)]
    public async Task A_realtime_turn_reaches_a_local_audio_model_as_audio_when_asked_and_as_its_transcript_by_default(string? inputAudio)
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress, "model=" + NativeOmniServerFixture.ModelId);
        object session = inputAudio is null
            ? new { type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 4, audio = new { input = new { turn_detection = (object?)null } } }
            : new
            {
                type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 4, audio = new { input = new { turn_detection = (object?)null } },
                omnia = new { input_audio = inputAudio },
            };
        await client.SendAsync(new { type = "session.update", session });
        await client.WaitForAsync("session.updated");

        await client.AppendSpeechAsync(await Utterances.SpokenAsync("What is the weather like today?", 0.2, 0.2));
        await client.SendAsync(new { type = "input_audio_buffer.commit" });
        var transcript = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        await client.SendAsync(new { type = "response.create" });
        var done = await client.WaitForAsync("response.done", timeoutSeconds: 120);

        Assert.Contains("weather", transcript.GetProperty("transcript").GetString());
        Assert.Equal("completed", done.GetProperty("response").GetProperty("status").GetString());
        var inputTokens = done.GetProperty("response").GetProperty("usage").GetProperty("input_tokens").GetInt32();
        // Native: the encoder's positions (libmtmd pads audio to 30 s: ~1500). By default, on this CPU, the transcript:
        // the instructions and a dozen words.
        if (inputAudio == "native") Assert.True(inputTokens > 1000, $"{inputTokens} input tokens");
        else Assert.True(inputTokens < 300, $"{inputTokens} input tokens");
    }

    [Fact]
    public async Task An_unknown_input_audio_path_is_an_error_naming_it()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress, "model=" + NativeOmniServerFixture.ModelId);
        await client.SendAsync(new { type = "session.update", session = new { type = "realtime", omnia = new { input_audio = "ears" } } });

        var error = await client.WaitForAsync("error");

        Assert.Equal("session.omnia.input_audio", error.GetProperty("error").GetProperty("param").GetString());
    }
}
