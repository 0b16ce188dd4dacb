using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Omnia.Server.Observability;
using Omnia.Server.OpenAI.Media;
using Omnia.Server.OpenAI.Responses;
using Omnia.Server.OpenAI.Responses.Mcp;
using Omnia.Server.RateLimits;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>
/// The loop of server-side calls: what the model is given after a call, and the bound on rounds. The engine is a
/// scripted fake (stories260K does not stop calling once it has seen a call); the MCP server is the real loopback one.
/// </summary>
public sealed class McpToolLoopTests : IAsyncLifetime
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private LoopbackMcpServer _mcp = null!;
    private McpConnector _connector = null!;

    public async Task InitializeAsync()
    {
        _mcp = await LoopbackMcpServer.StartAsync();
        _connector = new McpConnector(Options.Create(new McpOptions()), Options.Create(new MediaOptions { AllowPrivateUrls = true }), NullLogger<McpConnector>.Instance);
    }

    public async Task DisposeAsync()
    {
        _connector.Dispose();
        await _mcp.DisposeAsync();
        await _meters.DisposeAsync();
    }

    private static readonly ResponseObject Template = new()
    {
        Id = "resp_x", CreatedAt = 0, Status = "in_progress", Model = "m",
        Text = new ResponseTextDto(new ResponseTextFormatDto { Type = "text" }), ToolChoice = System.Text.Json.JsonSerializer.SerializeToElement("auto"),
    };

    private static FunctionCallContent Echo(string text) => new("call_1", "echo", new Dictionary<string, object?> { ["text"] = text });

    private async Task<ResponseObject> RunAsync(ScriptedChatClientFake engine)
    {
        var spec = new McpServerSpec("loopback", _mcp.Url, null, McpApprovalPolicy.NeverRequired, new Dictionary<string, string>(), "tools[0]");
        var options = new ChatOptions { ToolMode = ChatToolMode.RequireSpecific("echo") };
        await using var toolbox = await McpToolbox.ConnectAsync([spec], _connector, options, CancellationToken.None);
        using var metrics = new ServerMetrics(_meters.GetRequiredService<IMeterFactory>());
        var run = new ResponseRun(Template, new CompletionMeter(metrics, TimeProvider.System, "m", new TokenReservation(new RequestBudget("k", null), 0)));
        var messages = new List<ChatMessage> { new(ChatRole.User, "Say hi through the tool.") };
        var updates = engine.GetStreamingResponseAsync(messages, options).GetAsyncEnumerator();
        var first = await updates.MoveNextAsync();
        await foreach (var _ in run.RunAsync(updates, first, new McpContinuation(toolbox!, engine, messages, options, toolbox!.Listings), CancellationToken.None)) { }
        return run.Response;
    }

    [Fact]
    public async Task After_a_call_the_model_is_given_the_call_and_the_tools_real_output_and_answers()
    {
        var engine = new ScriptedChatClientFake((round, _) => round == 0 ? [Echo("hi there")] : [new TextContent("It said hi.")]);

        var response = await RunAsync(engine);

        Assert.Equal(["mcp_list_tools", "mcp_call", "message"], response.Output.Select(i => i switch
        {
            McpListToolsItem => "mcp_list_tools", McpCallItem => "mcp_call", MessageItem => "message", _ => "other",
        }));
        Assert.Equal("hi there", Assert.IsType<McpCallItem>(response.Output[1]).Output);
        var second = engine.Calls[1];
        Assert.Equal(ChatToolMode.Auto, second.Mode);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(second.Messages[^2].Contents));
        Assert.Equal("echo", call.Name);
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(second.Messages[^1].Contents));
        Assert.Equal((call.CallId, (object?)"hi there"), (result.CallId, result.Result));
        Assert.Equal(20, response.Usage!.InputTokens);
    }

    [Fact]
    public async Task A_model_that_keeps_calling_gets_at_most_eight_rounds_then_must_answer_in_text()
    {
        var engine = new ScriptedChatClientFake((_, mode) => mode is NoneChatToolMode ? [new TextContent("Done.")] : [Echo("again")]);

        var response = await RunAsync(engine);

        Assert.Equal(new McpOptions().MaxToolRounds, response.Output.OfType<McpCallItem>().Count());
        Assert.Equal(9, engine.Calls.Count);
        Assert.IsType<NoneChatToolMode>(engine.Calls[^1].Mode);
        Assert.IsType<MessageItem>(response.Output[^1]);
        Assert.Equal("completed", response.Status);
    }
}
