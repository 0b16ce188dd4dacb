using System.Text.Json;
using Omnia.Server.RateLimits;
using Omnia.Server.Realtime;
using Omnia.Server.Tests.RateLimits;

namespace Omnia.Server.Tests.Realtime;

/// <summary>
/// A server with small realtime bounds and per-key limits: item count and conversation size refuse a client's items,
/// the server's own items make room by dropping the oldest, and <c>rate_limits.updated</c> reports the key's real budget.
/// </summary>
public sealed class RealtimeConversationBoundsTests : IAsyncLifetime
{
    private const string ItemsKey = "key-items";
    private const string LimitedKey = "key-limited";
    private OmniaServerInstance _server = null!;

    public async Task InitializeAsync() => _server = await OmniaServerInstance.StartAsync(StoriesSettings.With([ItemsKey, LimitedKey]) with
    {
        RealtimeLimits = new RealtimeLimits { MaxItems = 3, MaxItemChars = 800, MaxConversationBytes = 2000 },
        RateLimits = new RateLimitOptions { Keys = { [StoriesSettings.KeyId(LimitedKey)] = new KeyRateLimit { RequestsPerMinute = 3, TokensPerMinute = 5000 } } },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_clients_items_are_bounded_in_count_and_size_and_the_servers_own_answer_drops_the_oldest()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress, ItemsKey);
        await socket.ReceiveUntilAsync("session.created");
        await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime","output_modalities":["text"],"max_output_tokens":4,"audio":{"input":{"turn_detection":null}}}}""");
        await socket.ReceiveUntilAsync("session.updated");

        foreach (var id in new[] { "item_1", "item_2", "item_3" })
        {
            await socket.SendAsync(RealtimeLimitsTests.ItemCreate("evt_" + id, id, "Once upon a time"));
            await socket.ReceiveUntilAsync("conversation.item.done");
        }
        await socket.SendAsync(RealtimeLimitsTests.ItemCreate("evt_4", "item_4", "one too many"));
        var tooMany = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        await socket.SendAsync("""{"type":"conversation.item.delete","item_id":"item_1"}""");
        await socket.ReceiveUntilAsync("conversation.item.deleted");
        await socket.SendAsync(RealtimeLimitsTests.ItemCreate("evt_5", "item_5", new string('b', 800)));
        await socket.ReceiveUntilAsync("conversation.item.done");   // 2 × 16 + 800 characters: 1,664 bytes
        await socket.SendAsync("""{"type":"conversation.item.delete","item_id":"item_2"}""");
        await socket.ReceiveUntilAsync("conversation.item.deleted");
        await socket.SendAsync(RealtimeLimitsTests.ItemCreate("evt_6", "item_6", new string('c', 400)));
        var tooLarge = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        await socket.SendAsync(RealtimeLimitsTests.ItemCreate("evt_7", "item_7", "The end"));
        await socket.ReceiveUntilAsync("conversation.item.done");
        await socket.SendAsync("""{"type":"response.create"}""");
        var answer = await socket.ReceiveUntilAsync("response.done");

        Assert.Equal("conversation_too_many_items", tooMany.GetProperty("code").GetString());
        Assert.Equal("evt_4", tooMany.GetProperty("event_id").GetString());
        Assert.Equal("conversation_too_large", tooLarge.GetProperty("code").GetString());
        Assert.Equal("completed", answer[^1].GetProperty("response").GetProperty("status").GetString());
        // Three items were there already: the oldest (item_3) made room for the answer.
        Assert.Contains(answer, e => e.GetProperty("type").GetString() == "conversation.item.deleted" && e.GetProperty("item_id").GetString() == "item_3");
        Assert.DoesNotContain(answer, e => e.GetProperty("type").GetString() == "rate_limits.updated");   // this key has no limits
    }

    [Fact]
    public async Task Rate_limits_updated_reports_the_keys_real_budget_and_a_response_over_it_is_an_error_event()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress, LimitedKey);   // request 1
        await socket.ReceiveUntilAsync("session.created");
        await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime","output_modalities":["text"],"max_output_tokens":8,"audio":{"input":{"turn_detection":null}}}}""");
        await socket.ReceiveUntilAsync("session.updated");

        await socket.SendAsync("""{"type":"response.create"}""");   // request 2
        var first = await socket.ReceiveUntilAsync("rate_limits.updated");
        await socket.SendAsync("""{"type":"response.create"}""");   // request 3
        var second = await socket.ReceiveUntilAsync("rate_limits.updated");
        await socket.SendAsync("""{"type":"response.create","event_id":"evt_over"}""");
        var refused = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        var usage = first.Single(e => e.GetProperty("type").GetString() == "response.done").GetProperty("response").GetProperty("usage").GetProperty("total_tokens").GetInt32();
        var limits = first[^1].GetProperty("rate_limits").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        Assert.Equal(3, limits["requests"].GetProperty("limit").GetInt32());
        Assert.Equal(1, limits["requests"].GetProperty("remaining").GetInt32());
        Assert.Equal(5000, limits["tokens"].GetProperty("limit").GetInt32());
        Assert.True(usage > 0);
        // Charged the real usage (a little has refilled since, at 83 a second).
        Assert.InRange(limits["tokens"].GetProperty("remaining").GetInt32(), 5000 - usage, 5000 - usage + 200);
        Assert.True(limits["tokens"].GetProperty("reset_seconds").GetDouble() > 0);
        Assert.Equal(0, second[^1].GetProperty("rate_limits")[0].GetProperty("remaining").GetInt32());
        Assert.Equal("rate_limit_exceeded", refused.GetProperty("code").GetString());
        Assert.Equal("evt_over", refused.GetProperty("event_id").GetString());
        await RealtimeLimitsTests.AssertStillServesAsync(socket);
    }
}
