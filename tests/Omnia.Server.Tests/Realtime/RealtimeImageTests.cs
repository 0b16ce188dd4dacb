using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Realtime;

/// <summary>
/// Pictures in a realtime conversation (<c>input_image</c>): stories260K is text-only, so the media cascade gives it
/// the text tesseract reads in the picture, counted in the response's input tokens; a bad picture is an error event
/// naming its part, and the session goes on.
/// </summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RealtimeImageTests(StoriesServerFixture fixture)
{
    internal static JsonObject Text(string text) => new() { ["type"] = "input_text", ["text"] = text };

    internal static JsonObject Image(string url) => new() { ["type"] = "input_image", ["image_url"] = url };

    internal static JsonObject UserMessage(params JsonObject[] parts) => new()
    {
        ["type"] = "conversation.item.create",
        ["item"] = new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(parts) },
    };

    private Task<RealtimeTestClient> TextSessionAsync() => TextSessionAsync(fixture.Server, "stories260k");

    internal static async Task<RealtimeTestClient> TextSessionAsync(OmniaServerInstance server, string model)
    {
        var client = await RealtimeTestClient.ConnectAsync(server.BaseAddress, "model=" + model);
        await client.WaitForAsync("session.created");
        await client.SendRawAsync(new JsonObject
        {
            ["type"] = "session.update",
            ["session"] = new JsonObject
            {
                ["type"] = "realtime", ["output_modalities"] = new JsonArray("text"), ["max_output_tokens"] = 2, ["instructions"] = "Answer.",
                ["audio"] = new JsonObject { ["input"] = new JsonObject { ["turn_detection"] = null } },
            },
        }.ToJsonString());
        await client.WaitForAsync("session.updated");
        return client;
    }

    /// <summary>The input tokens of an answer to one user message.</summary>
    internal static async Task<long> InputTokensAsync(RealtimeTestClient client, JsonObject message)
    {
        await client.SendRawAsync(message.ToJsonString());
        await client.WaitForAsync("conversation.item.added");
        await client.SendRawAsync("""{"type":"response.create"}""");
        var done = (await client.WaitForAsync("response.done", timeoutSeconds: 120)).GetProperty("response");
        Assert.True(done.GetProperty("status").GetString() == "completed", done.ToString());
        return done.GetProperty("usage").GetProperty("input_tokens").GetInt64();
    }

    [Fact]
    public async Task A_picture_with_text_reaches_a_text_only_model_as_the_text_ocr_reads_in_it()
    {
        var png = await TestImages.TextPngAsync("OMNIA READS THIS");
        await using var plain = await TextSessionAsync();
        await using var shown = await TextSessionAsync();

        var without = await InputTokensAsync(plain, UserMessage(Text("What does it say?")));
        var with = await InputTokensAsync(shown, UserMessage(Text("What does it say?"), Image(TestImages.DataUrl(png, "image/png"))));

        // stories260K's tokens are a few characters each: the quoted "OMNIA READS THIS" adds far more than 10.
        Assert.True(with > without + 10, $"{with} vs {without}");
        var echoed = shown.All.First(e => e.GetProperty("type").GetString() == "conversation.item.added").GetProperty("item").GetProperty("content");
        Assert.Equal("input_text", echoed[0].GetProperty("type").GetString());
        Assert.Equal("input_image", echoed[1].GetProperty("type").GetString());
        Assert.StartsWith("data:image/png;base64,", echoed[1].GetProperty("image_url").GetString());
    }

    [Theory]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("data:image/png;base64,not base64 at all")]
    [InlineData("data:text/plain;base64,SGVsbG8=")]
    [InlineData("http://127.0.0.1:9/secret.png")]
    [InlineData("file:///etc/passwd")]
    public async Task A_bad_picture_is_an_error_naming_its_part_and_the_session_goes_on(string url)
    {
        await using var client = await TextSessionAsync();

        await client.SendRawAsync(UserMessage(Text("Look."), Image(url)).ToJsonString());
        var error = (await client.WaitForAsync("error")).GetProperty("error");
        var tokens = await InputTokensAsync(client, UserMessage(Text("Then tell me a story.")));

        Assert.Equal("item.content[1].image_url", error.GetProperty("param").GetString());
        Assert.True(tokens > 0);
        Assert.DoesNotContain(client.All, e => e.GetProperty("type").GetString() == "conversation.item.added"
            && e.GetProperty("item").GetProperty("content").EnumerateArray().Any(p => p.GetProperty("type").GetString() == "input_image"));
    }

    [Fact]
    public async Task A_picture_in_an_assistant_message_or_without_its_url_is_refused()
    {
        await using var client = await TextSessionAsync();

        await client.SendRawAsync(new JsonObject
        {
            ["type"] = "conversation.item.create",
            ["item"] = new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(Image("data:image/png;base64,AAAA")) },
        }.ToJsonString());
        var assistant = (await client.WaitForAsync("error")).GetProperty("error");
        await client.SendRawAsync(UserMessage(new JsonObject { ["type"] = "input_image" }).ToJsonString());
        var missing = (await client.WaitForAsync("error")).GetProperty("error");

        Assert.Equal("item.content[0].type", assistant.GetProperty("param").GetString());
        Assert.Equal("item.content[0].image_url", missing.GetProperty("param").GetString());
    }
}
