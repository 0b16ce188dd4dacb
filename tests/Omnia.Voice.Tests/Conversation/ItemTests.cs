using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>Items: truncation keeps what was heard; limits refuse what does not fit, and the conversation goes on.</summary>
public sealed class ItemTests
{
    [Fact]
    public async Task Truncating_a_spoken_answer_keeps_the_clauses_heard_and_a_share_of_the_one_cut_off()
    {
        await using var driver = new ConversationDriver(new VoiceConversationOptions { Response = new ResponseOptions { Audio = true } });
        // 10 ms a character, pieces spoken apart: "The fox ran" (the first piece, after three words) ends at 110 ms,
        // "far away." at 200 ms, "It never came back." at 390 ms.
        driver.Chat.Script(ScriptedAnswer.Text("The fox ran far away. ", "It never came back."));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Tell me a story."), null));
        await driver.SendAsync(new CreateResponse(null));
        var answer = (await driver.NextAsync<ResponseDoneFrame>()).Response.Output.Single();

        await driver.SendAsync(new TruncateItem(answer.Id, 0, 300));
        var truncated = await driver.NextAsync<ItemTruncatedFrame>();
        await driver.SendAsync(new TruncateItem(answer.Id, 0, 1000) { CorrelationId = "evt_past" });
        var past = await driver.NextAsync<ErrorFrame>();
        await driver.SendAsync(new RetrieveItem(answer.Id));
        var retrieved = await driver.NextAsync<ItemRetrievedFrame>();

        Assert.Equal(390, answer.AudioMs, 3);
        Assert.Equal(300, truncated.AudioEndMs);
        Assert.Equal(("invalid_value", "audio_end_ms", "evt_past"), (past.Error.Code, past.Error.Param, past.CorrelationId));
        Assert.Equal("The fox ran far away. It never", retrieved.Item.Text);
        Assert.Equal(ItemStatus.Incomplete, retrieved.Item.Status);
    }

    [Fact]
    public async Task An_item_over_the_limit_is_refused_and_nothing_is_stored()
    {
        var options = ConversationDriver.TextOnly() with { Limits = new ConversationLimits { MaxItems = 1 } };
        await using var driver = new ConversationDriver(options);

        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "one"), null));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_2", ItemRole.User, "two"), null) { CorrelationId = "evt_2" });
        var refused = await driver.NextAsync<ErrorFrame>();
        await driver.SendAsync(new RetrieveItem("item_2"));
        var missing = await driver.NextAsync<ErrorFrame>();

        Assert.Equal(("conversation_too_many_items", "evt_2"), (refused.Error.Code, refused.CorrelationId));
        Assert.Equal("item_not_found", missing.Error.Code);
    }

    [Fact]
    public async Task An_item_goes_after_the_one_named_and_a_deleted_item_leaves_the_prompt()
    {
        await using var driver = new ConversationDriver();

        await driver.SendAsync(new CreateItem(ConversationItem.Message("a", ItemRole.User, "first"), null));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("c", ItemRole.User, "third"), null));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("b", ItemRole.User, "second"), "a"));
        var added = await driver.NextAsync<ItemAddedFrame>(f => f.Item.Id == "b");
        await driver.SendAsync(new DeleteItem("c"));
        await driver.NextAsync<ItemDeletedFrame>();
        await driver.SendAsync(new CreateResponse(null));
        await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal("a", added.PreviousItemId);
        Assert.Equal(["Be brief.", "first", "second"], driver.Chat.Prompts.Single().Select(m => m.Text));
    }

    [Fact]
    public async Task A_users_pictures_reach_the_model_after_the_text_and_count_against_the_conversations_bytes()
    {
        var picture = new InputImage(new byte[600], "image/png");
        var options = ConversationDriver.TextOnly() with { Limits = new ConversationLimits { MaxConversationBytes = 1000 } };
        await using var driver = new ConversationDriver(options);

        await driver.SendAsync(new CreateItem(ConversationItem.Message("a", ItemRole.User, "Look.") with { Images = [picture] }, null));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("b", ItemRole.User, "Again.") with { Images = [picture] }, null) { CorrelationId = "evt_b" });
        var refused = await driver.NextAsync<ErrorFrame>();
        await driver.SendAsync(new CreateResponse(null));
        await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(("conversation_too_large", "evt_b"), (refused.Error.Code, refused.CorrelationId));
        var shown = driver.Chat.Prompts.Single()[^1].Contents;
        Assert.Equal("Look.", Assert.IsType<Microsoft.Extensions.AI.TextContent>(shown[0]).Text);
        Assert.Equal("image/png", Assert.IsType<Microsoft.Extensions.AI.DataContent>(shown[1]).MediaType);
    }
}
