using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI;
using Omnia.Server.OpenAI.Responses;

namespace Omnia.Server.Tests.Responses;

/// <summary>How a request's <c>image_generation</c> tool reaches the chat model: a function with one prompt argument.</summary>
public sealed class ImageGenerationToolMappingTests
{
    private static MappedResponseRequest Map(string json) =>
        ResponseRequestMapper.Map(JsonSerializer.Deserialize<ResponseCreateRequest>(json, OpenAIJson.Options)!, "resp_test", DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_tool_is_offered_as_a_prompt_function_and_its_choice_forces_it()
    {
        var mapped = Map("""{"model":"m","input":"draw","tools":[{"type":"image_generation","size":"256x256"}],"tool_choice":{"type":"image_generation"}}""");

        var function = Assert.IsAssignableFrom<AIFunctionDeclaration>(Assert.Single(mapped.Options.Tools!));
        Assert.Equal("image_generation", function.Name);
        Assert.Equal("string", function.JsonSchema.GetProperty("properties").GetProperty("prompt").GetProperty("type").GetString());
        Assert.Equal("image_generation", Assert.IsType<RequiredChatToolMode>(mapped.Options.ToolMode).RequiredFunctionName);
        Assert.Equal("256x256", mapped.ImageTool!.Tool.Size);
        Assert.Equal("image_generation", mapped.Template.ToolChoice.GetProperty("type").GetString());
    }

    [Fact]
    public void A_function_of_the_same_name_beside_the_tool_is_refused()
    {
        var error = Assert.Throws<ApiException>(() => Map("""
            {"model":"m","input":"draw","tools":[{"type":"image_generation"},{"type":"function","name":"image_generation","parameters":{"type":"object"}}]}
            """));

        Assert.Equal("tools", error.Param);
    }
}
