using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.OpenAI.Responses;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>MCP items kept as wire JSON come back as they went in, and a chain shows the model each call and its result.</summary>
public sealed class McpItemsTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}}}""").RootElement.Clone();

    private static readonly ResponseItem[] Items =
    [
        new McpListToolsItem("mcpl_1", "srv", [new McpToolInfo("echo", "Echoes.", Schema, null)], null),
        new McpApprovalRequestItem("mcpr_1", "srv", "echo", """{"text":"hi"}"""),
        new McpCallItem("mcp_1", "completed", "srv", "echo", """{"text":"hi"}""", "hi", null) { ApprovalRequestId = "mcpr_1" },
        new McpCallItem("mcp_2", "failed", "srv", "echo", """{"text":"x"}""", null, "boom"),
    ];

    [Fact]
    public void Stored_mcp_items_read_back_equal()
    {
        var stored = StoredForms.Items(Items);

        var back = stored.Select(s => ResponseItemReader.Stored(s.Json)).ToList();

        Assert.Equal(stored.Select(s => s.Json), StoredForms.Items(back).Select(s => s.Json));
        Assert.Contains("\"type\":\"mcp_list_tools\"", stored[0].Json);
        Assert.Contains("\"input_schema\":{\"type\":\"object\"", stored[0].Json);
        Assert.Contains("\"approval_request_id\":\"mcpr_1\"", stored[2].Json);
    }

    [Fact]
    public void A_chain_shows_each_call_and_its_result_or_error_and_leaves_listings_and_approvals_out()
    {
        var messages = new List<ChatMessage>();

        ResponseItemChatMapper.AddTo(messages, StoredForms.Items(Items).Select(s => ResponseItemReader.Stored(s.Json)), "previous_response_id");

        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant, ChatRole.Tool], messages.Select(m => m.Role));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(messages[0].Contents));
        Assert.Equal(("mcp_1", "echo", "hi"), (call.CallId, call.Name, call.Arguments!["text"]!.ToString()));
        Assert.Equal("hi", Assert.IsType<FunctionResultContent>(Assert.Single(messages[1].Contents)).Result);
        Assert.Equal("Error: boom", Assert.IsType<FunctionResultContent>(Assert.Single(messages[3].Contents)).Result);
    }

    [Theory]
    [InlineData("""[{"type":"mcp_approval_response","approval_request_id":"mcpr_1"}]""", "input[0].approve")]
    [InlineData("""[{"type":"mcp_approval_response","approve":true}]""", "input[0].approval_request_id")]
    [InlineData("""[{"type":"mcp_call","server_label":"s","name":"echo","arguments":"{}"}]""", "input[0].type")]
    public void A_bad_mcp_input_item_is_a_400_naming_its_field(string json, string param)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<Omnia.Server.Errors.ApiException>(() => ResponseItemReader.Input(document.RootElement, "input"));

        Assert.Equal(param, error.Param);
    }
}
