using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI;
using Omnia.Server.OpenAI.Responses;
using Omnia.Storage;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// How much history one request reads: a chain or a conversation beyond <see cref="ResponseHistory.MaxHistoryCharacters"/>
/// is refused without truncation and cut to its newest part with it. The stores are in-memory fakes (only reads).
/// </summary>
public sealed class ResponseHistoryTests
{
    private const int ItemCharacters = 1024 * 1024;
    private static readonly int Items = (int)(ResponseHistory.MaxHistoryCharacters / ItemCharacters) + 4;

    private sealed class ResponseStoreFake(Dictionary<string, StoredResponse> responses) : IResponseStore
    {
        public Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(responses.GetValueOrDefault(id));
        public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> SaveLeasedAsync(StoredResponse response, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> RenewLeaseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> ExpireLeaseAsync(string id, DateTimeOffset now, string failedJson, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ItemPage?> ListInputItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class ConversationStoreFake(string id, List<StoredItem> items) : IConversationStore
    {
        public Task<ItemPage?> ListItemsAsync(string conversation, ItemPageRequest page, CancellationToken cancellationToken)
        {
            if (conversation != id) return Task.FromResult<ItemPage?>(null);
            var ordered = page.Ascending ? items : Enumerable.Reverse(items).ToList();
            var start = page.After is null ? 0 : ordered.FindIndex(i => i.Id == page.After) + 1;
            var slice = ordered.Skip(start).Take(page.Limit).ToList();
            return Task.FromResult<ItemPage?>(new ItemPage(slice, start + slice.Count < ordered.Count));
        }

        public Task CreateAsync(StoredConversation conversation, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ConversationPage> ListAsync(ItemPageRequest page, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<StoredConversation?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<StoredConversation?> UpdateMetadataAsync(string id, string metadataJson, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> AppendItemsAsync(string id, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<StoredItem>?> GetAllItemsAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<StoredItem?> GetItemAsync(string id, string itemId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> DeleteItemAsync(string id, string itemId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static StoredItem BigItem(int i) =>
        StoredForms.Item(new MessageItem($"msg_{i}", "completed", "user", [new InputTextPart(i + new string('x', ItemCharacters))]));

    private static ResponseStores Stores(IResponseStore responses, IConversationStore conversations) =>
        new(new ServiceCollection().AddSingleton(responses).AddSingleton(conversations).BuildServiceProvider(), TimeProvider.System, NullLogger<LeaseExpiringResponseStore>.Instance);

    private static MappedResponseRequest Request(string extra) => ResponseRequestMapper.Map(
        JsonSerializer.Deserialize<ResponseCreateRequest>($$"""{"model":"m","input":"next",{{extra}}}""", OpenAIJson.Options)!, "resp_new", DateTimeOffset.UnixEpoch);

    private static string FirstText(ChatMessage message) => message.Text[..message.Text.IndexOf('x')];

    [Fact]
    public async Task A_chain_past_the_bound_is_refused_without_truncation_and_cut_to_its_newest_links_with_it()
    {
        var responses = new Dictionary<string, StoredResponse>();
        for (var i = 0; i < Items; i++)
            responses[$"resp_{i}"] = new StoredResponse($"resp_{i}", "m", "completed", DateTimeOffset.UnixEpoch, i == 0 ? null : $"resp_{i - 1}", null, "{}", [BigItem(i)], []);
        var stores = Stores(new ResponseStoreFake(responses), new ConversationStoreFake("conv_none", []));
        var last = $"\"previous_response_id\":\"resp_{Items - 1}\"";

        var refused = await Assert.ThrowsAsync<ApiException>(() => ResponseHistory.BuildAsync(Request(last), stores, CancellationToken.None));
        var (messages, cacheKey) = await ResponseHistory.BuildAsync(Request(last + ",\"truncation\":\"auto\""), stores, CancellationToken.None);

        Assert.Equal((400, "previous_response_id"), (refused.Status, refused.Param));
        var kept = messages.SkipLast(1).Select(FirstText).ToList();
        Assert.InRange(kept.Count, ResponseHistory.MaxHistoryCharacters / ItemCharacters - 1, ResponseHistory.MaxHistoryCharacters / ItemCharacters);
        Assert.Equal(Enumerable.Range(Items - kept.Count, kept.Count).Select(i => $"{i}"), kept);
        Assert.Equal("next", messages[^1].Text);
        Assert.Equal($"resp_{Items - kept.Count}", cacheKey);
    }

    [Fact]
    public async Task A_conversation_past_the_bound_is_read_newest_first_and_kept_in_order()
    {
        var items = Enumerable.Range(0, Items).Select(BigItem).ToList();
        var stores = Stores(new ResponseStoreFake([]), new ConversationStoreFake("conv_1", items));

        var refused = await Assert.ThrowsAsync<ApiException>(() => ResponseHistory.BuildAsync(Request("\"conversation\":\"conv_1\""), stores, CancellationToken.None));
        var (messages, _) = await ResponseHistory.BuildAsync(Request("\"conversation\":\"conv_1\",\"truncation\":\"auto\""), stores, CancellationToken.None);
        var (small, _) = await ResponseHistory.BuildAsync(Request("\"conversation\":\"conv_1\""),
            Stores(new ResponseStoreFake([]), new ConversationStoreFake("conv_1", items.Take(3).ToList())), CancellationToken.None);

        Assert.Equal((400, "conversation", "context_length_exceeded"), (refused.Status, refused.Param, refused.Code));
        var kept = messages.SkipLast(1).Select(FirstText).ToList();
        Assert.InRange(kept.Count, ResponseHistory.MaxHistoryCharacters / ItemCharacters - 1, ResponseHistory.MaxHistoryCharacters / ItemCharacters);
        Assert.Equal(Enumerable.Range(Items - kept.Count, kept.Count).Select(i => $"{i}"), kept);
        Assert.Equal(["0", "1", "2"], small.SkipLast(1).Select(FirstText));
    }
}
