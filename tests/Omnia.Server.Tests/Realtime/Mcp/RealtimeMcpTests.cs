using System.Text.Json;
using System.Text.Json.Nodes;
using Omnia.Server.Tests.Responses.Mcp;

namespace Omnia.Server.Tests.Realtime.Mcp;

/// <summary>
/// Remote MCP tools in a realtime session, against a real MCP server built with the official SDK and stories260K:
/// the tools are listed when <c>session.update</c> names the server, a call the model makes runs on the server and the
/// response goes on, approvals, and a server that cannot be reached. stories260K calls a tool when
/// <c>tool_choice</c> is "required" and <c>allowed_tools</c> leaves one (the grammar makes its arguments valid).
/// </summary>
public sealed class RealtimeMcpTests(McpFixture fixture) : IClassFixture<McpFixture>
{
    private JsonObject McpTool(string approval = "never", params string[] allowed)
    {
        var tool = new JsonObject
        {
            ["type"] = "mcp",
            ["server_label"] = "loopback",
            ["server_url"] = fixture.Mcp.Url.ToString(),
            ["require_approval"] = approval,
            ["headers"] = new JsonObject { ["X-Secret"] = "s3cret" },
        };
        if (allowed.Length > 0) tool["allowed_tools"] = new JsonArray([.. allowed.Select(a => JsonValue.Create(a))]);
        return tool;
    }

    /// <summary>The session's update naming <paramref name="tool"/>; a forced call takes about 120 tokens, so the answer after it needs more.</summary>
    private static string SessionUpdate(JsonObject tool, string toolChoice = "auto", int maxOutputTokens = 120) => new JsonObject
    {
        ["type"] = "session.update",
        ["event_id"] = "evt_update",
        ["session"] = new JsonObject
        {
            ["type"] = "realtime", ["output_modalities"] = new JsonArray("text"), ["max_output_tokens"] = maxOutputTokens, ["tool_choice"] = toolChoice,
            ["tools"] = new JsonArray(tool),
        },
    }.ToJsonString();

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static async Task<RealtimeRawSocket> ConnectAsync(OmniaServerInstance server)
    {
        var socket = await RealtimeRawSocket.ConnectAsync(server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");
        return socket;
    }

    /// <summary>Asks for an answer to a user message and reads every event up to its <c>response.done</c>.</summary>
    private static async Task<List<JsonElement>> AskAsync(RealtimeRawSocket socket, string text = "Call the tool.")
    {
        if (text.Length > 0)
            await socket.SendAsync(new JsonObject { ["type"] = "conversation.item.create", ["item"] = new JsonObject
            {
                ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }),
            } }.ToJsonString());
        await socket.SendAsync("""{"type":"response.create"}""");
        return await socket.ReceiveUntilAsync("response.done", 120);
    }

    private static List<JsonElement> Output(List<JsonElement> events, string type) =>
        events[^1].GetProperty("response").GetProperty("output").EnumerateArray().Where(i => Type(i) == type).ToList();

    private static string Argument(JsonElement item, string name) =>
        JsonDocument.Parse(item.GetProperty("arguments").GetString()!).RootElement.GetProperty(name).ToString();

    [Fact]
    public async Task Session_update_with_an_mcp_tool_lists_the_servers_tools_in_an_mcp_list_tools_item()
    {
        await using var socket = await ConnectAsync(fixture.Server);

        await socket.SendAsync(SessionUpdate(McpTool()));
        var events = await socket.ReceiveUntilAsync("mcp_list_tools.completed", 60);
        events.AddRange(await socket.ReceiveUntilAsync("conversation.item.done"));

        var added = events.Single(e => Type(e) == "conversation.item.added").GetProperty("item");
        var itemId = added.GetProperty("id").GetString();
        Assert.Equal(("mcp_list_tools", "loopback"), (Type(added), added.GetProperty("server_label").GetString()));
        Assert.Equal(itemId, events.Single(e => Type(e) == "mcp_list_tools.in_progress").GetProperty("item_id").GetString());
        Assert.Equal(itemId, events.Single(e => Type(e) == "mcp_list_tools.completed").GetProperty("item_id").GetString());
        var done = events[^1].GetProperty("item");
        Assert.Equal(itemId, done.GetProperty("id").GetString());
        var tools = done.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["add", "echo", "fail", "whoami"], tools.Keys.Order());
        Assert.Equal("Adds two integers.", tools["add"].GetProperty("description").GetString());
        Assert.Equal("integer", tools["add"].GetProperty("input_schema").GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
        // The session shows the server, never its headers.
        var shown = events.Single(e => Type(e) == "session.updated").GetProperty("session").GetProperty("tools")[0];
        Assert.Equal(("mcp", "loopback", "never"), (Type(shown), shown.GetProperty("server_label").GetString(), shown.GetProperty("require_approval").GetString()));
        Assert.DoesNotContain("s3cret", string.Join('\n', events.Select(e => e.GetRawText())));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_an_error_and_a_failed_listing_and_the_session_goes_on()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        var tool = McpTool();
        // A port nothing listens on: the connection is refused at once.
        tool["server_url"] = "http://127.0.0.1:1/mcp";

        await socket.SendAsync(SessionUpdate(tool));
        var events = await socket.ReceiveUntilAsync("mcp_list_tools.failed", 60);
        var answer = await AskAsync(socket, "Hello.");

        var error = events.Single(e => Type(e) == "error").GetProperty("error");
        Assert.Equal(("mcp_list_tools_failed", "session.tools[0].server_url", "evt_update"),
            (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), error.GetProperty("event_id").GetString()));
        Assert.Contains("loopback", error.GetProperty("message").GetString());
        Assert.Equal(events.Single(e => Type(e) == "conversation.item.added").GetProperty("item").GetProperty("id").GetString(),
            events[^1].GetProperty("item_id").GetString());
        Assert.Equal("completed", answer[^1].GetProperty("response").GetProperty("status").GetString());
        Assert.DoesNotContain(answer, e => Type(e) == "error");
    }

    [Fact]
    public async Task A_call_the_model_makes_runs_on_the_mcp_server_and_the_response_goes_on_from_its_output()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        await socket.SendAsync(SessionUpdate(McpTool("never", "echo"), toolChoice: "required", maxOutputTokens: 400));
        await socket.ReceiveUntilAsync("mcp_list_tools.completed", 60);

        var events = await AskAsync(socket);

        var calls = Output(events, "mcp_call");
        var call = calls[0];
        Assert.Equal(("echo", "loopback"), (call.GetProperty("name").GetString(), call.GetProperty("server_label").GetString()));
        Assert.Equal(Argument(call, "text"), call.GetProperty("output").GetString());
        Assert.False(call.TryGetProperty("error", out _));
        var id = call.GetProperty("id").GetString();
        Assert.Equal(
            ["response.output_item.added", "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done", "response.mcp_call.in_progress",
             "response.mcp_call.completed", "response.output_item.done"],
            events.Where(e => e.TryGetProperty("item_id", out var i) && i.GetString() == id
                || e.TryGetProperty("item", out var item) && item.GetProperty("id").GetString() == id && Type(e).StartsWith("response.", StringComparison.Ordinal))
                .Select(Type));
        // The response went on after the call: the model read its output and answered (or called again) in the same response.
        Assert.Equal("completed", events[^1].GetProperty("response").GetProperty("status").GetString());
        Assert.True(events[^1].GetProperty("response").GetProperty("output").GetArrayLength() >= 2, events[^1].GetRawText());
    }

    [Fact]
    public async Task A_call_that_needs_approval_is_asked_for_and_runs_once_the_client_approves()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        await socket.SendAsync(SessionUpdate(McpTool("always", "echo"), toolChoice: "required"));
        await socket.ReceiveUntilAsync("mcp_list_tools.completed", 60);

        var asked = await AskAsync(socket);
        var request = Assert.Single(Output(asked, "mcp_approval_request"));
        await socket.SendAsync(new JsonObject { ["type"] = "conversation.item.create", ["item"] = new JsonObject
        {
            ["type"] = "mcp_approval_response", ["approval_request_id"] = request.GetProperty("id").GetString(), ["approve"] = true,
        } }.ToJsonString());
        var answered = await socket.ReceiveUntilAsync("conversation.item.done");
        var approved = await AskAsync(socket, "");

        Assert.DoesNotContain(asked, e => Type(e).StartsWith("response.mcp_call", StringComparison.Ordinal));
        Assert.Equal(("echo", "loopback"), (request.GetProperty("name").GetString(), request.GetProperty("server_label").GetString()));
        Assert.Equal(("mcp_approval_response", true), (Type(answered[^1].GetProperty("item")), answered[^1].GetProperty("item").GetProperty("approve").GetBoolean()));
        var call = Output(approved, "mcp_call")[0];
        Assert.Equal(request.GetProperty("id").GetString(), call.GetProperty("approval_request_id").GetString());
        Assert.Equal(request.GetProperty("arguments").GetString(), call.GetProperty("arguments").GetString());
        Assert.Equal(Argument(request, "text"), call.GetProperty("output").GetString());
    }

    [Fact]
    public async Task A_declined_call_does_not_run()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        await socket.SendAsync(SessionUpdate(McpTool("always", "echo"), toolChoice: "required"));
        await socket.ReceiveUntilAsync("mcp_list_tools.completed", 60);

        var request = Assert.Single(Output(await AskAsync(socket), "mcp_approval_request"));
        await socket.SendAsync(new JsonObject { ["type"] = "conversation.item.create", ["item"] = new JsonObject
        {
            ["type"] = "mcp_approval_response", ["approval_request_id"] = request.GetProperty("id").GetString(), ["approve"] = false, ["reason"] = "no",
        } }.ToJsonString());
        await socket.ReceiveUntilAsync("conversation.item.done");
        var after = await AskAsync(socket, "");

        Assert.Empty(Output(after, "mcp_call"));
        Assert.DoesNotContain(after, e => Type(e).StartsWith("response.mcp_call", StringComparison.Ordinal));
        Assert.Equal("completed", after[^1].GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_approval_response_to_no_request_is_an_error_naming_the_field()
    {
        await using var socket = await ConnectAsync(fixture.Server);

        await socket.SendAsync("""{"type":"conversation.item.create","event_id":"evt_answer","item":{"type":"mcp_approval_response","approval_request_id":"item_nope","approve":true}}""");
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        Assert.Equal(("item_not_found", "item.approval_request_id", "evt_answer"),
            (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), error.GetProperty("event_id").GetString()));
    }

    [Fact]
    public async Task An_update_that_no_longer_names_the_server_takes_its_tools_away()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        await socket.SendAsync(SessionUpdate(McpTool("never", "echo"), toolChoice: "required"));
        await socket.ReceiveUntilAsync("mcp_list_tools.completed", 60);

        await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime","tools":[]}}""");
        var shown = (await socket.ReceiveUntilAsync("session.updated"))[^1].GetProperty("session").GetProperty("tools");
        var events = await AskAsync(socket);

        Assert.Equal(0, shown.GetArrayLength());
        Assert.Empty(Output(events, "mcp_call"));
        Assert.Equal("completed", events[^1].GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Repeating_the_same_mcp_tool_in_an_update_does_not_list_it_again()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        await socket.SendAsync(SessionUpdate(McpTool("never", "echo")));
        await socket.ReceiveUntilAsync("mcp_list_tools.completed", 60);

        await socket.SendAsync(SessionUpdate(McpTool("never", "echo")));
        var events = await socket.ReceiveUntilAsync("session.updated");
        var answer = await AskAsync(socket, "Hello.");

        Assert.DoesNotContain(events.Concat(answer), e => Type(e).StartsWith("mcp_list_tools", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_tool_named_like_a_session_function_fails_the_listing_naming_allowed_tools()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        var update = JsonNode.Parse(SessionUpdate(McpTool("never", "echo")))!;
        update["session"]!["tools"]!.AsArray().Add(new JsonObject { ["type"] = "function", ["name"] = "echo", ["parameters"] = new JsonObject { ["type"] = "object" } });

        await socket.SendAsync(update.ToJsonString());
        var events = await socket.ReceiveUntilAsync("mcp_list_tools.failed", 60);

        var error = events.Single(e => Type(e) == "error").GetProperty("error");
        Assert.Equal(("mcp_tool_name_taken", "session.tools[0].allowed_tools"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
    }

    [Fact]
    public async Task A_later_function_named_like_a_listed_server_tool_is_refused_and_the_update_not_applied()
    {
        await using var socket = await ConnectAsync(fixture.Server);
        await socket.SendAsync(SessionUpdate(McpTool("never", "echo")));
        await socket.ReceiveUntilAsync("mcp_list_tools.completed", 60);

        var update = JsonNode.Parse(SessionUpdate(McpTool("never", "echo")))!;
        update["session"]!["instructions"] = "Changed.";
        update["session"]!["tools"]!.AsArray().Add(new JsonObject { ["type"] = "function", ["name"] = "echo", ["parameters"] = new JsonObject { ["type"] = "object" } });
        await socket.SendAsync(update.ToJsonString());
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");
        await socket.SendAsync(SessionUpdate(McpTool("never", "echo")));
        var session = (await socket.ReceiveUntilAsync("session.updated"))[^1].GetProperty("session");

        Assert.Equal(("invalid_value", "session.tools"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Contains("echo", error.GetProperty("message").GetString());
        Assert.NotEqual("Changed.", session.GetProperty("instructions").GetString());
    }
}
