using System.Text.Json;

namespace Omnia.Server.Tests.Realtime.Mcp;

/// <summary>A realtime session's MCP servers obey the media fetcher's address policy: a server left at its defaults does not connect to loopback.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RealtimeMcpAddressPolicyTests(StoriesServerFixture fixture)
{
    [Fact]
    public async Task A_loopback_server_url_is_refused_naming_the_field_and_the_setting()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(fixture.Server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync("""{"type":"session.update","event_id":"evt_u","session":{"type":"realtime","tools":[{"type":"mcp","server_label":"local","server_url":"http://127.0.0.1:9/mcp","require_approval":"never"}]}}""");
        var events = await socket.ReceiveUntilAsync("mcp_list_tools.failed", 60);

        var error = events.Single(e => e.GetProperty("type").GetString() == "error").GetProperty("error");
        Assert.Equal(("mcp_server_url_forbidden", "session.tools[0].server_url", "evt_u"),
            (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), error.GetProperty("event_id").GetString()));
        Assert.Contains("--allow-private-media-urls", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"type":"mcp","server_url":"http://example.com/mcp"}""", "session.tools[0].server_label")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"ftp://example.com/mcp"}""", "session.tools[0].server_url")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"http://example.com/mcp","require_approval":"sometimes"}""", "session.tools[0].require_approval")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"http://example.com/mcp","allowed_tools":7}""", "session.tools[0].allowed_tools")]
    [InlineData("""{"type":"web_search"}""", "session.tools[0].type")]
    public async Task A_bad_mcp_tool_is_refused_naming_its_field_and_nothing_of_the_update_applies(string tool, string param)
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(fixture.Server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync($$$"""{"type":"session.update","session":{"type":"realtime","instructions":"changed","tools":[{{{tool}}}]}}""");
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");
        await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime"}}""");
        var session = (await socket.ReceiveUntilAsync("session.updated"))[^1].GetProperty("session");

        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.NotEqual("changed", session.GetProperty("instructions").GetString());
        Assert.Equal(0, session.GetProperty("tools").GetArrayLength());
    }
}
