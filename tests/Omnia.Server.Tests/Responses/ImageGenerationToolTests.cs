using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Responses;
using SkiaSharp;

namespace Omnia.Server.Tests.Responses;

/// <summary>The Responses <c>image_generation</c> tool: stories260K forced to call it, the generated-graph diffusion model drawing.</summary>
public sealed class ImageGenerationToolTests(ImageToolServerFixture fixture) : IClassFixture<ImageToolServerFixture>
{
    private static JsonObject Drawing(JsonObject? tool = null)
    {
        // Room for the longest prompt the tool's schema allows, so the grammar always finishes the call.
        var body = ResponsesHttp.Body("Draw a cat", maxOutputTokens: 700);
        tool ??= new JsonObject();
        tool["type"] = "image_generation";
        tool["size"] ??= "256x256";
        body["tools"] = new JsonArray(tool);
        body["tool_choice"] = new JsonObject { ["type"] = "image_generation" };
        return body;
    }

    [Fact]
    public async Task A_forced_call_draws_a_png_into_an_image_generation_call_item_then_the_model_answers()
    {
        var (status, response) = await ResponsesHttp.PostAsync(fixture.Server.Http, "v1/responses", Drawing());

        Assert.Equal(200, status);
        var output = response.GetProperty("output").EnumerateArray().ToList();
        var call = output[0];
        Assert.Equal("image_generation_call", call.GetProperty("type").GetString());
        Assert.StartsWith("ig_", call.GetProperty("id").GetString());
        Assert.Equal("completed", call.GetProperty("status").GetString());
        Assert.Equal("256x256", call.GetProperty("size").GetString());
        Assert.Equal("png", call.GetProperty("output_format").GetString());
        Assert.False(string.IsNullOrEmpty(call.GetProperty("revised_prompt").GetString()));
        using var bitmap = SKBitmap.Decode(Convert.FromBase64String(call.GetProperty("result").GetString()!));
        Assert.Equal((256, 256), (bitmap.Width, bitmap.Height));
        // One picture per response: then the model is told it was shown and goes on in text.
        Assert.All(output.Skip(1), item => Assert.Equal("message", item.GetProperty("type").GetString()));
        Assert.Equal("image_generation", response.GetProperty("tools")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Streaming_sends_the_call_events_and_partial_images_in_order()
    {
        var events = await ResponsesHttp.StreamAsync(fixture.Server.Http, Drawing(new JsonObject { ["partial_images"] = 2, ["quality"] = "high" }));

        var names = events.Select(e => e.Event).Where(n => n.Contains("image_generation_call") || n.StartsWith("response.output_item", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["response.output_item.added", "response.image_generation_call.in_progress", "response.image_generation_call.generating",
             "response.image_generation_call.partial_image", "response.image_generation_call.partial_image", "response.image_generation_call.completed", "response.output_item.done"],
            names.Take(7));
        var partials = events.Where(e => e.Event == "response.image_generation_call.partial_image").Select(e => e.Data).ToList();
        Assert.Equal([0, 1], partials.Select(p => p.GetProperty("partial_image_index").GetInt32()));
        Assert.All(partials, p => Assert.NotNull(SKBitmap.Decode(Convert.FromBase64String(p.GetProperty("partial_image_b64").GetString()!))));
        var done = events.First(e => e.Event == "response.output_item.done").Data.GetProperty("item");
        Assert.Equal("image_generation_call", done.GetProperty("type").GetString());
        Assert.NotNull(SKBitmap.Decode(Convert.FromBase64String(done.GetProperty("result").GetString()!)));
        var sequence = events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
        // stories260K's answer after the picture may run to the token limit.
        Assert.Contains(events[^1].Event, new[] { "response.completed", "response.incomplete" });
    }

    [Fact]
    public async Task A_stored_image_call_is_continued_without_resending_the_image()
    {
        var (_, first) = await ResponsesHttp.PostAsync(fixture.Server.Http, "v1/responses", Drawing());
        var next = ResponsesHttp.Body("Another one", maxOutputTokens: 4);
        next["previous_response_id"] = first.GetProperty("id").GetString();

        var (status, second) = await ResponsesHttp.PostAsync(fixture.Server.Http, "v1/responses", next);

        Assert.True(status == 200, second.ToString());
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("previous_response_id").GetString());
        Assert.True(second.GetProperty("usage").GetProperty("input_tokens").GetInt32() < 1000, "the image's base64 went into the prompt");
    }

    [Theory]
    [InlineData("""{"type":"image_generation","size":"big"}""", "tools[0].size")]
    [InlineData("""{"type":"image_generation","quality":"ultra"}""", "tools[0].quality")]
    [InlineData("""{"type":"image_generation","partial_images":9}""", "tools[0].partial_images")]
    [InlineData("""{"type":"image_generation","model":"stories260k"}""", "tools[0].model")]
    public async Task Bad_tool_options_are_a_400_naming_the_tools_field(string tool, string param)
    {
        var body = ResponsesHttp.Body("Draw a cat");
        body["tools"] = new JsonArray(JsonNode.Parse(tool));

        var (status, error) = await ResponsesHttp.PostAsync(fixture.Server.Http, "v1/responses", body);

        Assert.Equal(400, status);
        Assert.Equal(param, ResponsesHttp.Error(error));
    }

    [Fact]
    public async Task The_official_sdk_reads_the_image_generation_call_item()
    {
        var client = new ResponsesClient(new ApiKeyCredential("any"), new ResponsesClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "v1") });
        var options = new CreateResponseOptions("stories260k", [ResponseItem.CreateUserMessageItem("Draw a cat")]) { MaxOutputTokenCount = 700, Temperature = 0 };
        options.Tools.Add(ResponseTool.CreateImageGenerationTool("gpt-image-1", size: new ImageGenerationToolSize(256, 256)));
        // The SDK has no image_generation choice; with only this tool declared, "required" forces it.
        options.ToolChoice = ResponseToolChoice.CreateRequiredChoice();

        ResponseResult response = await client.CreateResponseAsync(options);

        var call = Assert.IsType<ImageGenerationCallResponseItem>(response.OutputItems[0]);
        Assert.Equal(ImageGenerationCallStatus.Completed, call.Status);
        using var bitmap = SKBitmap.Decode(call.ImageResultBytes.ToArray());
        Assert.Equal(256, bitmap.Width);
    }
}
