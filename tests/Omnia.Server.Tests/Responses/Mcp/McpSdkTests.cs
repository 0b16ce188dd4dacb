using System.ClientModel;
using System.Text.Json;
using OpenAI.Responses;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>The official .NET SDK's MCP tool and items, unchanged, against Omnia and a real loopback MCP server.</summary>
public sealed class McpSdkTests(McpFixture fixture) : IClassFixture<McpFixture>
{
    private readonly ResponsesClient _responses = new(new ApiKeyCredential("any"), new ResponsesClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "v1") });

    /// <summary>Without approval: the tools named in a custom policy's "never" filter; with it: no policy, OpenAI's default ("always").</summary>
    private CreateResponseOptions Options(bool approval)
    {
        var options = new CreateResponseOptions("stories260k", [ResponseItem.CreateUserMessageItem("Say it back.")])
        {
            MaxOutputTokenCount = 120,
            Temperature = 0,
            ToolChoice = ResponseToolChoice.CreateFunctionChoice("echo"),
        };
        options.Tools.Add(ResponseTool.CreateMcpTool("loopback", fixture.Mcp.Url, authorizationToken: "sdk-token",
            allowedTools: new McpToolFilter { ToolNames = { "echo", "whoami" } }, toolCallApprovalPolicy: approval ? null : new McpToolCallApprovalPolicy(new CustomMcpToolCallApprovalPolicy
            {
                ToolsNeverRequiringApproval = new McpToolFilter { ToolNames = { "echo", "whoami" } },
            })));
        return options;
    }

    [Fact]
    public async Task The_SDK_reads_the_listing_and_the_call_with_the_tools_output()
    {
        ResponseResult response = await _responses.CreateResponseAsync(Options(approval: false));

        var list = Assert.IsType<McpToolDefinitionListItem>(response.OutputItems[0]);
        Assert.Equal("loopback", list.ServerLabel);
        Assert.Equal(["echo", "whoami"], list.ToolDefinitions.Select(t => t.Name).Order());
        var call = response.OutputItems.OfType<McpToolCallItem>().First();
        Assert.Equal("echo", call.ToolName);
        Assert.Equal(JsonDocument.Parse(call.ToolArguments).RootElement.GetProperty("text").GetString(), call.ToolOutput);
        Assert.Null(call.Error);
    }

    [Fact]
    public async Task The_SDK_approves_a_call_and_it_is_made()
    {
        var options = Options(approval: true);
        ResponseResult asked = await _responses.CreateResponseAsync(options);
        var request = Assert.Single(asked.OutputItems.OfType<McpToolCallApprovalRequestItem>());

        var approve = new CreateResponseOptions("stories260k", [ResponseItem.CreateMcpApprovalResponseItem(request.Id, approved: true)])
        {
            PreviousResponseId = asked.Id,
            MaxOutputTokenCount = 16,
            Temperature = 0,
        };
        approve.Tools.Add(options.Tools[0]);
        ResponseResult approved = await _responses.CreateResponseAsync(approve);

        var call = Assert.Single(approved.OutputItems.OfType<McpToolCallItem>());
        Assert.Equal(JsonDocument.Parse(request.ToolArguments).RootElement.GetProperty("text").GetString(), call.ToolOutput);
    }
}
