using System.Text.Json;
using System.Text.Json.Nodes;
using static Omnia.Server.Tests.Responses.ResponsesHttp;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>
/// Remote MCP tools in <c>/v1/responses</c> against a real MCP server built with the official SDK: listing, calls
/// made server-side with the tool's real output, approvals, filters, errors. stories260K calls a tool when
/// <c>tool_choice</c> names it (the grammar makes its arguments valid).
/// </summary>
public sealed class McpToolsTests(McpFixture fixture) : IClassFixture<McpFixture>
{
    private HttpClient Http => fixture.Server.Http;

    private JsonObject McpTool(string approval = "never", JsonNode? allowed = null, JsonObject? headers = null)
    {
        var tool = new JsonObject
        {
            ["type"] = "mcp",
            ["server_label"] = "loopback",
            ["server_url"] = fixture.Mcp.Url.ToString(),
            ["require_approval"] = approval,
        };
        if (allowed is not null) tool["allowed_tools"] = allowed;
        if (headers is not null) tool["headers"] = headers;
        return tool;
    }

    private static JsonObject Calling(string tool, JsonObject mcpTool, string input = "Call the tool.")
    {
        var body = Body(input, maxOutputTokens: 120);
        body["tools"] = new JsonArray(mcpTool);
        body["tool_choice"] = new JsonObject { ["type"] = "function", ["name"] = tool };
        return body;
    }

    private static List<JsonElement> Items(JsonElement response, string type) =>
        response.GetProperty("output").EnumerateArray().Where(i => i.GetProperty("type").GetString() == type).ToList();

    private static string Argument(JsonElement item, string name) =>
        JsonDocument.Parse(item.GetProperty("arguments").GetString()!).RootElement.GetProperty(name).ToString();

    [Fact]
    public async Task The_tools_are_listed_and_a_call_is_made_server_side_with_the_tools_real_output()
    {
        var (status, response) = await PostAsync(Http, "v1/responses", Calling("echo", McpTool()));

        Assert.Equal(200, status);
        // After the call the model goes on from its result (McpToolLoopTests shows what it is given), until it stops
        // or runs out of tokens.
        Assert.Contains(response.GetProperty("status").GetString(), new[] { "completed", "incomplete" });
        var list = Assert.Single(Items(response, "mcp_list_tools"));
        Assert.Equal("loopback", list.GetProperty("server_label").GetString());
        var tools = list.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["add", "echo", "fail", "whoami"], tools.Keys.Order());
        Assert.Equal("Adds two integers.", tools["add"].GetProperty("description").GetString());
        Assert.Equal("integer", tools["add"].GetProperty("input_schema").GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
        Assert.True(tools["add"].GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
        var call = Items(response, "mcp_call")[0];
        Assert.Equal("echo", call.GetProperty("name").GetString());
        Assert.Equal("loopback", call.GetProperty("server_label").GetString());
        Assert.Equal(Argument(call, "text"), call.GetProperty("output").GetString());
        Assert.Equal(JsonValueKind.Null, call.GetProperty("error").ValueKind);
        Assert.Equal("mcp_list_tools", response.GetProperty("output")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Add_returns_the_sum_of_the_arguments_the_model_gave()
    {
        var (status, response) = await PostAsync(Http, "v1/responses", Calling("add", McpTool()));

        Assert.Equal(200, status);
        var call = Items(response, "mcp_call")[0];
        var sum = long.Parse(Argument(call, "a")) + long.Parse(Argument(call, "b"));
        Assert.Equal(sum.ToString(), call.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Allowed_tools_limits_what_is_imported_and_offered()
    {
        var body = Body("Call a tool.", maxOutputTokens: 120);
        body["tools"] = new JsonArray(McpTool(allowed: new JsonObject { ["tool_names"] = new JsonArray("echo") }));
        body["tool_choice"] = "required";

        var (status, response) = await PostAsync(Http, "v1/responses", body);

        Assert.Equal(200, status);
        var listed = Items(response, "mcp_list_tools")[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString());
        Assert.Equal(["echo"], listed);
        Assert.Equal("echo", Items(response, "mcp_call")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_tool_outside_allowed_tools_cannot_be_forced()
    {
        var (status, json) = await PostAsync(Http, "v1/responses", Calling("add", McpTool(allowed: new JsonArray("echo"))));

        Assert.Equal(400, status);
        Assert.Equal("tool_choice", Error(json));
    }

    [Fact]
    public async Task A_call_that_needs_approval_ends_the_response_and_runs_once_approved()
    {
        var (_, asked) = await PostAsync(Http, "v1/responses", Calling("echo", McpTool(approval: "always")));

        Assert.Empty(Items(asked, "mcp_call"));
        var request = Assert.Single(Items(asked, "mcp_approval_request"));
        Assert.Equal("echo", request.GetProperty("name").GetString());
        Assert.Equal("loopback", request.GetProperty("server_label").GetString());

        var (status, approved) = await PostAsync(Http, "v1/responses", Approval(asked, request, approve: true));

        Assert.Equal(200, status);
        var call = Assert.Single(Items(approved, "mcp_call"));
        Assert.Equal(request.GetProperty("id").GetString(), call.GetProperty("approval_request_id").GetString());
        Assert.Equal(Argument(request, "text"), call.GetProperty("output").GetString());
        Assert.Equal(request.GetProperty("arguments").GetString(), call.GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task A_declined_call_is_not_made_and_the_answer_goes_on()
    {
        var (_, asked) = await PostAsync(Http, "v1/responses", Calling("echo", McpTool(approval: "always")));
        var request = Items(asked, "mcp_approval_request")[0];

        var (status, declined) = await PostAsync(Http, "v1/responses", Approval(asked, request, approve: false));

        Assert.Equal(200, status);
        Assert.Contains(declined.GetProperty("status").GetString(), new[] { "completed", "incomplete" });
        Assert.Equal("message", Assert.Single(declined.GetProperty("output").EnumerateArray(), i => i.GetProperty("type").GetString() != "mcp_list_tools").GetProperty("type").GetString());
        Assert.Empty(Items(declined, "mcp_call"));
    }

    [Fact]
    public async Task An_approval_for_an_unknown_request_is_a_400_naming_it()
    {
        var (_, asked) = await PostAsync(Http, "v1/responses", Calling("echo", McpTool(approval: "always")));
        var body = Approval(asked, Items(asked, "mcp_approval_request")[0], approve: true);
        body["input"]![0]!["approval_request_id"] = "mcpr_unknown";

        var (status, json) = await PostAsync(Http, "v1/responses", body);

        Assert.Equal(400, status);
        Assert.Equal("input[0].approval_request_id", Error(json));
    }

    [Fact]
    public async Task An_approval_does_not_call_a_tool_the_request_no_longer_allows()
    {
        var (_, asked) = await PostAsync(Http, "v1/responses", Calling("echo", McpTool(approval: "always")));
        var body = Approval(asked, Items(asked, "mcp_approval_request")[0], approve: true);
        body["tools"]![0]!["allowed_tools"] = new JsonArray("add");

        var (status, json) = await PostAsync(Http, "v1/responses", body);

        Assert.Equal(400, status);
        Assert.Equal("tools[0].allowed_tools", Error(json));
    }

    [Fact]
    public async Task Never_for_named_tools_calls_those_without_approval()
    {
        var approval = new JsonObject { ["never"] = new JsonObject { ["tool_names"] = new JsonArray("echo") } };
        var tool = McpTool();
        tool["require_approval"] = approval;

        var (_, response) = await PostAsync(Http, "v1/responses", Calling("echo", tool));

        Assert.Empty(Items(response, "mcp_approval_request"));
        Assert.NotEmpty(Items(response, "mcp_call"));
    }

    [Fact]
    public async Task A_tools_error_becomes_the_calls_error()
    {
        var (status, response) = await PostAsync(Http, "v1/responses", Calling("fail", McpTool()));

        Assert.Equal(200, status);
        var call = Items(response, "mcp_call")[0];
        Assert.Equal(JsonValueKind.Null, call.GetProperty("output").ValueKind);
        Assert.Contains("fail was asked to fail", call.GetProperty("error").GetString());
        Assert.Equal("failed", call.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Headers_reach_the_MCP_server_and_are_never_echoed_or_stored()
    {
        var body = Calling("whoami", McpTool(headers: new JsonObject { ["Authorization"] = "Bearer mcp-secret-1234" }));

        var (_, response) = await PostAsync(Http, "v1/responses", body);

        Assert.Equal("Bearer mcp-secret-1234", Items(response, "mcp_call")[0].GetProperty("output").GetString());
        Assert.DoesNotContain("mcp-secret-1234", response.GetProperty("tools").GetRawText());
        var (_, stored) = await GetAsync(Http, $"v1/responses/{response.GetProperty("id").GetString()}");
        Assert.DoesNotContain("mcp-secret-1234", stored.GetRawText().Replace(Items(stored, "mcp_call")[0].GetRawText(), ""));
    }

    [Fact]
    public async Task Authorization_is_sent_as_a_bearer_token_and_never_echoed()
    {
        var tool = McpTool();
        tool["authorization"] = "oauth-token-5678";

        var (_, response) = await PostAsync(Http, "v1/responses", Calling("whoami", tool));

        Assert.Equal("Bearer oauth-token-5678", Items(response, "mcp_call")[0].GetProperty("output").GetString());
        Assert.DoesNotContain("oauth-token-5678", response.GetProperty("tools").GetRawText());
    }

    [Fact]
    public async Task A_chain_after_a_call_replays_it_to_the_model()
    {
        var (_, first) = await PostAsync(Http, "v1/responses", Calling("echo", McpTool()));
        var body = Body("And then?");
        body["previous_response_id"] = first.GetProperty("id").GetString();

        var (status, next) = await PostAsync(Http, "v1/responses", body);

        Assert.Equal(200, status);
        // The stored mcp items are read back into the prompt (McpItemsTests shows how the model sees them).
        Assert.Contains(next.GetProperty("status").GetString(), new[] { "completed", "incomplete" });
        Assert.NotEmpty(Items(first, "mcp_call"));
    }

    [Fact]
    public async Task Streaming_sends_the_mcp_events_in_order()
    {
        var events = await StreamAsync(Http, Calling("echo", McpTool()));

        var names = events.Select(e => e.Event).ToList();
        string[] expected =
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.mcp_list_tools.in_progress", "response.mcp_list_tools.completed", "response.output_item.done",
            "response.output_item.added", "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done",
            "response.mcp_call.in_progress", "response.mcp_call.completed", "response.output_item.done",
        ];
        Assert.Equal(expected, names.Take(expected.Length));
        Assert.Contains(names[^1], new[] { "response.completed", "response.incomplete" });
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        var done = events.First(e => e.Event == "response.output_item.done" && e.Data.GetProperty("item").GetProperty("type").GetString() == "mcp_call").Data.GetProperty("item");
        Assert.Equal(Argument(done, "text"), done.GetProperty("output").GetString());
    }

    [Fact]
    public async Task An_unreachable_server_is_a_424_naming_its_url()
    {
        var tool = McpTool();
        tool["server_url"] = $"http://127.0.0.1:{ClosedPort()}/mcp";

        var (status, json) = await PostAsync(Http, "v1/responses", Calling("echo", tool));

        Assert.Equal(424, status);
        Assert.Equal("tools[0].server_url", Error(json));
        Assert.Equal("mcp_list_tools_failed", Error(json, "code"));
        Assert.Contains("Error retrieving tool list from MCP server 'loopback'", Error(json, "message"));
    }

    [Theory]
    [InlineData("server_label", null, "tools[0].server_label")]
    [InlineData("server_url", "ftp://example.com/mcp", "tools[0].server_url")]
    [InlineData("require_approval", "sometimes", "tools[0].require_approval")]
    public async Task A_bad_mcp_tool_is_a_400_naming_the_field(string field, string? value, string param)
    {
        var tool = McpTool();
        tool[field] = value;

        var (status, json) = await PostAsync(Http, "v1/responses", Calling("echo", tool));

        Assert.Equal(400, status);
        Assert.Equal(param, Error(json));
    }

    private static JsonObject Approval(JsonElement asked, JsonElement request, bool approve)
    {
        var body = Body("");
        body["previous_response_id"] = asked.GetProperty("id").GetString();
        body["input"] = new JsonArray(new JsonObject
        {
            ["type"] = "mcp_approval_response",
            ["approval_request_id"] = request.GetProperty("id").GetString(),
            ["approve"] = approve,
        });
        body["tools"] = JsonNode.Parse(asked.GetProperty("tools").GetRawText());
        return body;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
