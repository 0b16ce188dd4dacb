using System.Text.Json.Nodes;
using static Omnia.Server.Tests.Responses.ResponsesHttp;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>An MCP server_url obeys the media fetcher's address policy: loopback is refused unless configuration allows it.</summary>
public sealed class McpAddressPolicyTests
{
    [Fact]
    public async Task A_loopback_server_is_refused_without_the_setting_with_a_400_naming_the_url()
    {
        await using var mcp = await LoopbackMcpServer.StartAsync();
        await using var server = await OmniaServerInstance.StartStoriesAsync();
        var body = Body("Call the tool.");
        body["tools"] = new JsonArray(new JsonObject { ["type"] = "mcp", ["server_label"] = "local", ["server_url"] = mcp.Url.ToString(), ["require_approval"] = "never" });

        var (status, json) = await PostAsync(server.Http, "v1/responses", body);

        Assert.Equal(400, status);
        Assert.Equal("tools[0].server_url", Error(json));
        Assert.Equal("mcp_server_url_forbidden", Error(json, "code"));
    }
}
