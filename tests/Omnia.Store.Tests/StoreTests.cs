using Omnia.Storage;

namespace Omnia.Store.Tests;

/// <summary>
/// The store's contract, run on each provider by a subclass that says how to open a fresh database, reopen it and
/// take it away. Every test uses its own database.
/// </summary>
public abstract partial class StoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 12, 6, 0, 30, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private StoreDatabase _store = null!;

    protected abstract string StoreName { get; }

    /// <summary>Creates an empty database for this test: where it is.</summary>
    protected abstract Task<StoreLocation> CreateDatabaseAsync();

    /// <summary>Takes the database away under the open store (removed file, dropped database).</summary>
    protected abstract Task TakeAwayAsync(StoreLocation location);

    private IResponseStore Responses => _store.Responses;

    private IConversationStore Conversations => _store.Conversations;

    public async Task InitializeAsync() => _store = await OpenAsync(await CreateDatabaseAsync());

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<StoreDatabase> OpenAsync(StoreLocation location)
    {
        var store = new StoreDatabase(location);
        await store.MigrateAsync(None);
        return store;
    }

    private static StoredItem Message(string id, string text) =>
        new(id, $$"""{"id":"{{id}}","type":"message","role":"user","content":[{"type":"input_text","text":"{{text}}"}]}""");

    private static StoredItem[] Messages(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Message($"{prefix}{i}", $"text {i}"))];

    private static StoredResponse Response(string id, string status, IReadOnlyList<StoredItem> input, IReadOnlyList<StoredItem> output, string? conversation = null) =>
        new(id, "stories260k", status, Created, "resp_before", conversation, $$"""{"id":"{{id}}","status":"{{status}}"}""", input, output);

    private static ItemPageRequest Page(int limit, bool ascending = true, string? after = null) => new(limit, ascending, after);

    private static string[] Ids(ItemPage? page) => [.. page!.Items.Select(i => i.Id)];

    [Fact]
    public async Task A_saved_response_reads_back_whole_and_a_later_save_replaces_status_json_and_output()
    {
        var input = new[] { Message("msg_in", "héllo ✓ \"quoted\"") };
        await Responses.SaveAsync(Response("resp_1", "in_progress", input, []), None);
        var first = await Responses.GetAsync("resp_1", None);

        var output = new[] { Message("msg_out1", "one"), Message("msg_out2", "two") };
        await Responses.SaveAsync(Response("resp_1", "completed", input, output), None);
        var second = await Responses.GetAsync("resp_1", None);

        Assert.NotNull(first);
        Assert.Equal(("resp_1", "stories260k", "in_progress", Created, "resp_before", (string?)null), (first.Id, first.Model, first.Status, first.CreatedAt, first.PreviousResponseId, first.ConversationId));
        Assert.Equal(input, first.Input);
        Assert.Empty(first.Output);
        Assert.NotNull(second);
        Assert.Equal("completed", second.Status);
        Assert.Equal("""{"id":"resp_1","status":"completed"}""", second.Json);
        Assert.Equal(input, second.Input);
        Assert.Equal(output, second.Output);
        Assert.Null(await Responses.GetAsync("resp_unknown", None));
    }

    [Fact]
    public async Task Input_items_page_forwards_and_backwards_after_an_item_and_say_whether_more_follow()
    {
        await Responses.SaveAsync(Response("resp_1", "completed", Messages("msg_", 5), []), None);

        Assert.Equal(["msg_0", "msg_1"], Ids(await Responses.ListInputItemsAsync("resp_1", Page(2), None)));
        Assert.True((await Responses.ListInputItemsAsync("resp_1", Page(2), None))!.HasMore);
        Assert.Equal(["msg_2", "msg_3"], Ids(await Responses.ListInputItemsAsync("resp_1", Page(2, after: "msg_1"), None)));
        var last = await Responses.ListInputItemsAsync("resp_1", Page(2, after: "msg_3"), None);
        Assert.Equal(["msg_4"], Ids(last));
        Assert.False(last!.HasMore);
        Assert.Equal(["msg_4", "msg_3", "msg_2"], Ids(await Responses.ListInputItemsAsync("resp_1", Page(3, ascending: false), None)));
        Assert.Equal(["msg_1", "msg_0"], Ids(await Responses.ListInputItemsAsync("resp_1", Page(3, ascending: false, after: "msg_2"), None)));
        Assert.Empty(Ids(await Responses.ListInputItemsAsync("resp_1", Page(3, after: "msg_unknown"), None)));
        Assert.Null(await Responses.ListInputItemsAsync("resp_unknown", Page(3), None));
    }

    [Fact]
    public async Task A_deleted_response_is_gone_with_its_items_and_its_id_can_be_saved_anew()
    {
        await Responses.SaveAsync(Response("resp_1", "completed", Messages("old_", 3), Messages("out_", 2)), None);

        Assert.True(await Responses.DeleteAsync("resp_1", None));
        Assert.False(await Responses.DeleteAsync("resp_1", None));
        Assert.Null(await Responses.GetAsync("resp_1", None));
        Assert.Null(await Responses.ListInputItemsAsync("resp_1", Page(10), None));

        // Rows left behind would collide with these positions, or show up in the list.
        await Responses.SaveAsync(Response("resp_1", "in_progress", Messages("new_", 1), []), None);
        Assert.Equal(["new_0"], Ids(await Responses.ListInputItemsAsync("resp_1", Page(10), None)));
        Assert.Empty((await Responses.GetAsync("resp_1", None))!.Output);
    }

    [Fact]
    public async Task A_conversation_reads_back_updates_its_metadata_and_finds_and_deletes_single_items()
    {
        var conversation = new StoredConversation("conv_1", Created, """{"topic":"tests"}""");
        await Conversations.CreateAsync(conversation, Messages("msg_", 3), None);

        Assert.Equal(conversation, await Conversations.GetAsync("conv_1", None));
        Assert.Equal(conversation with { MetadataJson = """{"topic":"new"}""" }, await Conversations.UpdateMetadataAsync("conv_1", """{"topic":"new"}""", None));
        Assert.Equal("""{"topic":"new"}""", (await Conversations.GetAsync("conv_1", None))!.MetadataJson);
        Assert.Equal(Messages("msg_", 3), await Conversations.GetAllItemsAsync("conv_1", None));
        Assert.Equal(Message("msg_1", "text 1"), await Conversations.GetItemAsync("conv_1", "msg_1", None));
        Assert.True(await Conversations.DeleteItemAsync("conv_1", "msg_1", None));
        Assert.False(await Conversations.DeleteItemAsync("conv_1", "msg_1", None));
        Assert.Null(await Conversations.GetItemAsync("conv_1", "msg_1", None));
        Assert.Equal(["msg_0", "msg_2"], (await Conversations.GetAllItemsAsync("conv_1", None))!.Select(i => i.Id));

        Assert.Null(await Conversations.GetAsync("conv_unknown", None));
        Assert.Null(await Conversations.UpdateMetadataAsync("conv_unknown", "{}", None));
        Assert.Null(await Conversations.GetAllItemsAsync("conv_unknown", None));
        Assert.Null(await Conversations.ListItemsAsync("conv_unknown", Page(10), None));
        Assert.Null(await Conversations.GetItemAsync("conv_unknown", "msg_0", None));
        Assert.False(await Conversations.DeleteItemAsync("conv_unknown", "msg_0", None));
        Assert.False(await Conversations.AppendItemsAsync("conv_unknown", Messages("x_", 1), None));
        Assert.False(await Conversations.DeleteAsync("conv_unknown", None));
    }

    [Fact]
    public async Task Conversation_items_page_both_ways_and_appends_come_after_deleted_ones()
    {
        await Conversations.CreateAsync(new StoredConversation("conv_1", Created, "{}"), Messages("a_", 3), None);
        await Conversations.DeleteItemAsync("conv_1", "a_2", None);
        Assert.True(await Conversations.AppendItemsAsync("conv_1", Messages("b_", 2), None));

        var first = await Conversations.ListItemsAsync("conv_1", Page(2), None);
        Assert.Equal(["a_0", "a_1"], Ids(first));
        Assert.True(first!.HasMore);
        var rest = await Conversations.ListItemsAsync("conv_1", Page(5, after: "a_1"), None);
        Assert.Equal(["b_0", "b_1"], Ids(rest));
        Assert.False(rest!.HasMore);
        var newest = await Conversations.ListItemsAsync("conv_1", Page(3, ascending: false), None);
        Assert.Equal(["b_1", "b_0", "a_1"], Ids(newest));
        Assert.True(newest!.HasMore);
        Assert.Equal(["a_0"], Ids(await Conversations.ListItemsAsync("conv_1", Page(3, ascending: false, after: "a_1"), None)));
        Assert.Empty(Ids(await Conversations.ListItemsAsync("conv_1", Page(3, after: "a_2"), None)));
        Assert.True(await Conversations.AppendItemsAsync("conv_1", [], None));
    }

    [Fact]
    public async Task The_first_save_with_output_appends_input_then_output_to_its_conversation_once()
    {
        await Conversations.CreateAsync(new StoredConversation("conv_1", Created, "{}"), Messages("earlier_", 1), None);
        var input = Messages("in_", 2);
        var output = Messages("out_", 2);

        await Responses.SaveAsync(Response("resp_1", "in_progress", input, [], "conv_1"), None);
        var whileRunning = await Conversations.GetAllItemsAsync("conv_1", None);
        await Responses.SaveAsync(Response("resp_1", "completed", input, output, "conv_1"), None);
        await Responses.SaveAsync(Response("resp_1", "completed", input, output, "conv_1"), None);

        Assert.Equal(["earlier_0"], whileRunning!.Select(i => i.Id));
        Assert.Equal(["earlier_0", "in_0", "in_1", "out_0", "out_1"], (await Conversations.GetAllItemsAsync("conv_1", None))!.Select(i => i.Id));
        // Deleting the response leaves what it gave the conversation.
        Assert.True(await Responses.DeleteAsync("resp_1", None));
        Assert.Equal(5, (await Conversations.GetAllItemsAsync("conv_1", None))!.Count);
    }

    [Fact]
    public async Task A_save_into_a_conversation_that_is_gone_throws_KeyNotFound_and_keeps_nothing()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Responses.SaveAsync(Response("resp_1", "completed", Messages("in_", 1), Messages("out_", 1), "conv_gone"), None));

        Assert.Null(await Responses.GetAsync("resp_1", None));
    }

    [Fact]
    public async Task Concurrent_appends_from_two_nodes_keep_each_batch_whole_and_in_order_and_lose_nothing()
    {
        await Conversations.CreateAsync(new StoredConversation("conv_1", Created, "{}"), [], None);
        // A second store on the same database: another process, or another node.
        var otherNode = await OpenAsync(_store.Location);
        const int writers = 6, batches = 8, batchSize = 3;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var node = w % 2 == 0 ? Conversations : otherNode.Conversations;
            for (var b = 0; b < batches; b++)
                Assert.True(await node.AppendItemsAsync("conv_1", Messages($"w{w}_b{b}_", batchSize), None));
        })));

        var ids = (await Conversations.GetAllItemsAsync("conv_1", None))!.Select(i => i.Id).ToList();
        Assert.Equal(writers * batches * batchSize, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var batchesInOrder = ids.Chunk(batchSize).ToList();
        Assert.All(batchesInOrder, batch =>
        {
            var prefix = batch[0][..^1];
            Assert.Equal(Enumerable.Range(0, batchSize).Select(i => prefix + i), batch);
        });
        for (var w = 0; w < writers; w++)
        {
            var own = batchesInOrder.Where(batch => batch[0].StartsWith($"w{w}_", StringComparison.Ordinal)).Select(batch => batch[0]).ToList();
            Assert.Equal(Enumerable.Range(0, batches).Select(b => $"w{w}_b{b}_0"), own);
        }
    }

    [Fact]
    public async Task A_new_store_on_the_same_database_reads_everything_back()
    {
        await Conversations.CreateAsync(new StoredConversation("conv_1", Created, """{"k":"v"}"""), Messages("msg_", 2), None);
        await Responses.SaveAsync(Response("resp_1", "completed", Messages("in_", 1), Messages("out_", 1), "conv_1"), None);

        var restarted = await OpenAsync(_store.Location);

        Assert.Equal(new StoredConversation("conv_1", Created, """{"k":"v"}"""), await restarted.Conversations.GetAsync("conv_1", None));
        Assert.Equal(["msg_0", "msg_1", "in_0", "out_0"], (await restarted.Conversations.GetAllItemsAsync("conv_1", None))!.Select(i => i.Id));
        var response = await restarted.Responses.GetAsync("resp_1", None);
        Assert.Equal(("completed", "conv_1"), (response!.Status, response.ConversationId));
        Assert.Equal(Messages("out_", 1), response.Output);
        // Appends go on after what the first store wrote.
        Assert.True(await restarted.Conversations.AppendItemsAsync("conv_1", Messages("later_", 1), None));
        Assert.Equal("later_0", (await Conversations.GetAllItemsAsync("conv_1", None))![^1].Id);
    }

    [Fact]
    public async Task A_deleted_conversation_takes_its_items_with_it()
    {
        await Conversations.CreateAsync(new StoredConversation("conv_1", Created, "{}"), Messages("msg_", 3), None);

        Assert.True(await Conversations.DeleteAsync("conv_1", None));
        Assert.Null(await Conversations.GetAsync("conv_1", None));

        // Rows left behind would collide with these positions, or show up in the list.
        await Conversations.CreateAsync(new StoredConversation("conv_1", Created, "{}"), Messages("new_", 1), None);
        Assert.Equal(["new_0"], (await Conversations.GetAllItemsAsync("conv_1", None))!.Select(i => i.Id));
    }

    [Fact]
    public async Task Conversations_list_by_creation_time_newest_first_in_pages_and_oldest_first_on_request()
    {
        // Whole and fractional seconds, an instant shared by two ids, another day, and a time given in another offset.
        var created = new (string Id, DateTimeOffset At)[]
        {
            ("conv_d", Created.AddSeconds(1)), ("conv_a", Created), ("conv_f", Created.AddDays(1)), ("conv_c", Created.AddSeconds(1)),
            ("conv_b", Created.AddMilliseconds(500)), ("conv_e", Created.AddSeconds(1.05)), ("conv_g", Created.AddDays(1).AddHours(1).ToOffset(TimeSpan.FromHours(5))),
        };
        foreach (var (id, at) in created)
            await Conversations.CreateAsync(new StoredConversation(id, at, $$"""{"title":"{{id}}"}"""), [], None);

        var pages = new List<ConversationPage> { await Conversations.ListAsync(Page(3, ascending: false), None) };
        while (pages[^1].HasMore)
            pages.Add(await Conversations.ListAsync(Page(3, ascending: false, after: pages[^1].Conversations[^1].Id), None));
        var oldest = await Conversations.ListAsync(Page(2), None);
        var unknown = await Conversations.ListAsync(Page(3, ascending: false, after: "conv_missing"), None);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Conversations.Count));
        Assert.Equal(["conv_g", "conv_f", "conv_e", "conv_d", "conv_c", "conv_b", "conv_a"], pages.SelectMany(p => p.Conversations).Select(c => c.Id));
        Assert.Equal("""{"title":"conv_e"}""", pages[0].Conversations[2].MetadataJson);
        Assert.Equal(Created.AddDays(1).AddHours(1), pages[0].Conversations[0].CreatedAt);
        Assert.Equal(["conv_a", "conv_b"], oldest.Conversations.Select(c => c.Id));
        Assert.True(oldest.HasMore);
        Assert.Empty(unknown.Conversations);
        Assert.False(unknown.HasMore);
    }

    [Fact]
    public async Task A_database_that_went_away_makes_every_call_throw_StoreUnavailable_naming_the_store()
    {
        await Conversations.CreateAsync(new StoredConversation("conv_1", Created, "{}"), Messages("msg_", 1), None);

        await TakeAwayAsync(_store.Location);

        var calls = new Func<Task>[]
        {
            () => Conversations.GetAsync("conv_1", None),
            () => Conversations.ListAsync(Page(10, ascending: false), None),
            () => Conversations.AppendItemsAsync("conv_1", Messages("x_", 1), None),
            () => Conversations.ListItemsAsync("conv_1", Page(10), None),
            () => Conversations.CreateAsync(new StoredConversation("conv_2", Created, "{}"), [], None),
            () => Responses.SaveAsync(Response("resp_1", "completed", [], []), None),
            () => Responses.GetAsync("resp_1", None),
            () => Responses.ListInputItemsAsync("resp_1", Page(10), None),
            () => Responses.DeleteAsync("resp_1", None),
            () => Responses.SaveLeasedAsync(Response("resp_1", "completed", [], []), None),
            () => Responses.RenewLeaseAsync("resp_1", Created, None),
            () => Responses.ExpireLeaseAsync("resp_1", Created, "{}", None),
        };
        foreach (var call in calls)
        {
            var failure = await Assert.ThrowsAsync<StoreUnavailableException>(call);
            Assert.Equal(StoreName, failure.StoreName);
            Assert.StartsWith($"The {StoreName} store is unavailable", failure.Message);
        }
    }
}
