using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Responses;

/// <summary>The <c>image_generation</c> tool on a server that serves no image model.</summary>
public sealed class ImageGenerationToolWithoutImageModelTests(StoriesServerFixture fixture) : IClassFixture<StoriesServerFixture>
{
    [Fact]
    public async Task The_tool_is_a_400_naming_its_type_when_no_image_model_is_served()
    {
        var body = ResponsesHttp.Body("Draw a cat");
        body["tools"] = new JsonArray(new JsonObject { ["type"] = "image_generation" });

        var (status, error) = await ResponsesHttp.PostAsync(fixture.Server.Http, "v1/responses", body);

        Assert.Equal(400, status);
        Assert.Equal("tools[0].type", ResponsesHttp.Error(error));
        Assert.Contains("image model", ResponsesHttp.Error(error, "message"));
    }

    [Fact]
    public async Task Forcing_the_tool_without_declaring_it_is_a_400()
    {
        var body = ResponsesHttp.Body("Draw a cat");
        body["tool_choice"] = new JsonObject { ["type"] = "image_generation" };

        var (status, error) = await ResponsesHttp.PostAsync(fixture.Server.Http, "v1/responses", body);

        Assert.Equal(400, status);
        Assert.Equal("tool_choice", ResponsesHttp.Error(error));
    }
}
