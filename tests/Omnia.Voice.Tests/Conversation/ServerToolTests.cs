using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// Server tools (a remote MCP server's, in the realtime session): the conversation makes the call itself, shows it as
/// a tool call item, and the answer goes on from its result; a failure is the call's result, not the response's;
/// calls that need approval wait for the client's answer. The client's own functions still go to the client.
/// </summary>
public sealed class ServerToolTests
{
    private static ScriptedAnswer Calling(string name, string callId = "call_1") =>
        new([new ScriptedStep(TimeSpan.Zero, new FunctionCallContent(callId, name, new Dictionary<string, object?> { ["q"] = "x" }), null)]);

    private static VoiceConversationOptions With(params IServerTool[] tools) =>
        ConversationDriver.TextOnly() with { Response = ConversationDriver.TextOnly().Response with { ServerTools = tools } };

    private static async Task<VoiceResponse> AskAsync(ConversationDriver driver, string text = "What is x?")
    {
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_" + Guid.NewGuid().ToString("N"), ItemRole.User, text), null));
        await driver.SendAsync(new CreateResponse(null));
        return (await driver.NextAsync<ResponseDoneFrame>()).Response;
    }

    [Fact]
    public async Task A_server_tool_call_is_made_by_the_conversation_and_the_answer_goes_on_from_its_result()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult("42"));
        await using var driver = new ConversationDriver(With(tool));
        driver.Chat.Script(Calling("lookup"), ScriptedAnswer.Text("It is 42."));

        var done = await AskAsync(driver);

        Assert.Equal(["q=x"], tool.Calls);
        Assert.Equal(ResponseStatus.Completed, done.Status);
        var call = done.Output[0];
        Assert.Equal((ItemKind.ToolCall, ItemStatus.Completed, "tools_fake", "lookup", "q=x", "42", (string?)null),
            (call.Kind, call.Status, call.Source, call.Name, call.Arguments, call.Output, call.Error));
        Assert.Equal((ItemKind.Message, "It is 42."), (done.Output[1].Kind, done.Output[1].Text));
        // The second round reads the call and its result after the conversation.
        var second = driver.Chat.Prompts[1];
        Assert.Equal(("lookup", "42"), (second[^2].Contents.OfType<FunctionCallContent>().Single().Name,
            second[^1].Contents.OfType<FunctionResultContent>().Single().Result as string));
        Assert.Equal(
            ["ResponseCreated", "OutputItemAdded", "ToolCallStarted", "ToolCallDone", "OutputItemDone", "OutputItemAdded", "ContentPartAdded", "TextDelta",
             "TextDone", "ContentPartDone", "OutputItemDone", "ResponseDone"],
            driver.Kinds(f => f is not (ItemAddedFrame or ItemDoneFrame)).SkipWhile(k => k != "ResponseCreated"));
        Assert.Equal([0, 0, 0, 0, 1, 1], driver.Seen.Select(f => f switch
        {
            OutputItemAddedFrame a => a.OutputIndex,
            ToolCallStartedFrame s => s.OutputIndex,
            ToolCallDoneFrame d => d.OutputIndex,
            OutputItemDoneFrame d => d.OutputIndex,
            _ => -1,
        }).Where(i => i >= 0));
    }

    [Fact]
    public async Task A_failing_server_tool_becomes_a_failed_call_the_model_is_told_of_and_the_response_completes()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => throw new InvalidOperationException("the lookup service is down"));
        await using var driver = new ConversationDriver(With(tool));
        driver.Chat.Script(Calling("lookup"), ScriptedAnswer.Text("Sorry."));

        var done = await AskAsync(driver);

        Assert.Equal(ResponseStatus.Completed, done.Status);
        Assert.Equal((ItemStatus.Completed, (string?)null, "the lookup service is down"), (done.Output[0].Status, done.Output[0].Output, done.Output[0].Error));
        Assert.Equal("Error: the lookup service is down", driver.Chat.Prompts[1][^1].Contents.OfType<FunctionResultContent>().Single().Result);
        Assert.DoesNotContain(driver.Seen, f => f is ErrorFrame);
        Assert.Equal("Sorry.", done.Output[1].Text);
    }

    [Fact]
    public async Task A_tool_result_over_the_item_limit_is_cut_with_a_note()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult(new string('a', 10_000)));
        var options = With(tool) with { Limits = new ConversationLimits { MaxItemChars = 2000 } };
        await using var driver = new ConversationDriver(options);
        driver.Chat.Script(Calling("lookup"), ScriptedAnswer.Text("Long."));

        var done = await AskAsync(driver);

        Assert.Equal(936 + "\n[cut at 936 characters]".Length, done.Output[0].Output!.Length);
        Assert.EndsWith("[cut at 936 characters]", done.Output[0].Output);
    }

    [Fact]
    public async Task A_call_that_needs_approval_is_asked_for_and_made_by_the_next_response_once_approved()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult("42"), requiresApproval: true);
        await using var driver = new ConversationDriver(With(tool));
        driver.Chat.Script(Calling("lookup"), ScriptedAnswer.Text("It is 42."));

        var asked = await AskAsync(driver);
        var request = Assert.Single(asked.Output);
        var callsBeforeApproval = tool.Calls.Count;
        await driver.SendAsync(new CreateItem(ConversationItem.ToolApprovalResponse("item_yes", request.Id, approved: true, reason: null), null));
        await driver.SendAsync(new CreateResponse(null));
        var done = (await driver.NextAsync<ResponseDoneFrame>()).Response;

        Assert.Equal((ItemKind.ToolApprovalRequest, "lookup", "q=x", "tools_fake"), (request.Kind, request.Name, request.Arguments, request.Source));
        Assert.Equal(0, callsBeforeApproval);
        Assert.Equal(["q=x"], tool.Calls);
        Assert.Equal((ItemKind.ToolCall, request.Id, "42"), (done.Output[0].Kind, done.Output[0].ApprovalRequestId, done.Output[0].Output));
        Assert.Equal("It is 42.", done.Output[1].Text);
        Assert.Equal(2, driver.Chat.Requests);
    }

    [Fact]
    public async Task A_declined_call_is_not_made_and_the_model_is_told_the_user_declined_it()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult("42"), requiresApproval: true);
        await using var driver = new ConversationDriver(With(tool));
        driver.Chat.Script(Calling("lookup"), ScriptedAnswer.Text("As you wish."));

        var request = (await AskAsync(driver)).Output.Single();
        await driver.SendAsync(new CreateItem(ConversationItem.ToolApprovalResponse("item_no", request.Id, approved: false, reason: "not now"), null));
        await driver.SendAsync(new CreateResponse(null));
        var done = (await driver.NextAsync<ResponseDoneFrame>()).Response;

        Assert.Empty(tool.Calls);
        Assert.Equal("As you wish.", done.Output.Single().Text);
        Assert.Equal("The user declined this call. Reason: not now",
            driver.Chat.Prompts[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result);
    }

    [Fact]
    public async Task An_approval_of_no_request_or_a_second_answer_is_refused_naming_the_field()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult("42"), requiresApproval: true);
        await using var driver = new ConversationDriver(With(tool));
        driver.Chat.Script(Calling("lookup"));
        var request = (await AskAsync(driver)).Output.Single();

        await driver.SendAsync(new CreateItem(ConversationItem.ToolApprovalResponse("item_a", "item_nope", true, null), null) { CorrelationId = "evt_unknown" });
        var unknown = await driver.NextAsync<ErrorFrame>();
        await driver.SendAsync(new CreateItem(ConversationItem.ToolApprovalResponse("item_b", request.Id, false, null), null));
        await driver.SendAsync(new CreateItem(ConversationItem.ToolApprovalResponse("item_c", request.Id, true, null), null) { CorrelationId = "evt_again" });
        var again = await driver.NextAsync<ErrorFrame>();

        Assert.Equal(("item_not_found", "item.approval_request_id", "evt_unknown"), (unknown.Error.Code, unknown.Error.Param, unknown.CorrelationId));
        Assert.Equal(("invalid_value", "item.approval_request_id", "evt_again"), (again.Error.Code, again.Error.Param, again.CorrelationId));
    }

    [Fact]
    public async Task Calls_stop_after_the_last_round_allowed_and_that_round_is_asked_for_no_tools()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult("again"));
        var options = With(tool) with { Limits = new ConversationLimits { MaxToolRounds = 2 } };
        await using var driver = new ConversationDriver(options);
        driver.Chat.Script(Calling("lookup", "c1"), Calling("lookup", "c2"), Calling("lookup", "c3"));

        var done = await AskAsync(driver);

        Assert.Equal(2, tool.Calls.Count);
        Assert.Equal(3, driver.Chat.Requests);
        Assert.Equal([ChatToolMode.Auto, ChatToolMode.Auto, ChatToolMode.None], driver.Chat.Options.Select(o => o!.ToolMode));
        Assert.Equal(ResponseStatus.Completed, done.Status);
    }

    [Fact]
    public async Task A_client_function_still_goes_to_the_client_next_to_server_tools()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult("42"));
        var options = ConversationDriver.TextOnly() with
        {
            Response = ConversationDriver.TextOnly().Response with
            {
                ServerTools = [tool],
                Tools = [AIFunctionFactory.CreateDeclaration("client_side", null, System.Text.Json.JsonDocument.Parse("{}").RootElement)],
            },
        };
        await using var driver = new ConversationDriver(options);
        driver.Chat.Script(Calling("client_side"));

        var done = await AskAsync(driver);

        Assert.Empty(tool.Calls);
        Assert.Equal((ItemKind.FunctionCall, "client_side"), (done.Output.Single().Kind, done.Output.Single().Name));
        Assert.Equal(["client_side", "lookup"], driver.Chat.Options[0]!.Tools!.Select(t => t.Name));
        Assert.Equal(1, driver.Chat.Requests);
    }

    [Fact]
    public async Task A_response_cancelled_while_its_tool_runs_ends_the_call_as_incomplete()
    {
        var tool = new HangingServerToolFake("slow");
        await using var driver = new ConversationDriver(With(tool));
        driver.Chat.Script(Calling("slow"));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Go."), null));
        await driver.SendAsync(new CreateResponse(null));
        await tool.Started.WaitAsync(ConversationDriver.HangGuard);

        await driver.SendAsync(new CancelResponse());
        var done = (await driver.NextAsync<ResponseDoneFrame>()).Response;

        Assert.Equal(ResponseStatus.Cancelled, done.Status);
        var call = done.Output.Single();
        Assert.Equal((ItemKind.ToolCall, ItemStatus.Incomplete), (call.Kind, call.Status));
        Assert.NotNull(call.Error);
        Assert.Contains(driver.Seen, f => f is ToolCallDoneFrame d && d.Item.Id == call.Id);
    }

    [Fact]
    public async Task New_settings_keep_the_server_tools_and_only_UpdateServerTools_changes_them()
    {
        var first = new ScriptedServerToolFake("first", _ => new ToolResult("1"));
        var second = new ScriptedServerToolFake("second", _ => new ToolResult("2"));
        await using var driver = new ConversationDriver(With(first));

        await driver.SendAsync(new UpdateOptions(ConversationDriver.TextOnly()));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Hi."), null));
        await driver.SendAsync(new CreateResponse(null));
        await driver.NextAsync<ResponseDoneFrame>();
        await driver.SendAsync(new UpdateServerTools([second]));
        await driver.SendAsync(new CreateResponse(null));
        await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(["first"], driver.Chat.Options[0]!.Tools!.Select(t => t.Name));
        Assert.Equal(["second"], driver.Chat.Options[1]!.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task An_answer_started_at_the_pause_makes_no_call_when_the_user_goes_on()
    {
        var tool = new ScriptedServerToolFake("lookup", _ => new ToolResult("42"));
        await using var driver = new ConversationDriver(With(tool));
        driver.Recognizer.Final = "what time is it in Oslo";
        // The speculative answer calls the tool 10 ms after it starts; the turn's own answer just speaks.
        driver.Chat.Script(new ScriptedAnswer([]).Then(TimeSpan.FromMilliseconds(10), Calling("lookup").Steps[0].Content!), ScriptedAnswer.Text("Noon."));
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("what time is it");
        await driver.SendAudioAsync(TestAudio.Silence(192));
        await driver.Chat.Waiting;
        driver.Time.Advance(TimeSpan.FromMilliseconds(10));

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.Recognizer.HearAsync("what time is it in Oslo");
        await driver.SendAudioAsync(TestAudio.Silence(640));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Empty(tool.Calls);
        Assert.Equal("Noon.", done.Response.Output.Single().Text);
        Assert.DoesNotContain(driver.Seen, f => f is ToolCallStartedFrame);
    }
}
