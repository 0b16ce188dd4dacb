using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Realtime;

/// <summary>The default bounds of a realtime session, through a real socket: over one, an error event, nothing stored, the session goes on.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RealtimeLimitsTests(StoriesServerFixture fixture)
{
    private readonly OmniaServerInstance _server = fixture.Server;

    [Fact]
    public async Task An_item_over_a_million_characters_is_refused_and_not_stored()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync(ItemCreate("evt_big", "item_big", new string('a', 1024 * 1024 + 1)));
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");
        await socket.SendAsync("""{"type":"conversation.item.retrieve","item_id":"item_big"}""");
        var missing = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        Assert.Equal("item_too_large", error.GetProperty("code").GetString());
        Assert.Equal("item.content", error.GetProperty("param").GetString());
        Assert.Equal("evt_big", error.GetProperty("event_id").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("item_not_found", missing.GetProperty("code").GetString());
        await AssertStillServesAsync(socket);
    }

    [Fact]
    public async Task An_event_over_21_MiB_is_refused_before_it_is_stored_and_the_session_goes_on()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync(ItemCreate("evt_huge", "item_huge", new string('a', 22 * 1024 * 1024)));
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        Assert.Equal("message_too_large", error.GetProperty("code").GetString());
        await AssertStillServesAsync(socket);
    }

    [Fact]
    public async Task An_append_over_15_MiB_of_audio_is_refused_and_nothing_is_buffered()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        var audio = Convert.ToBase64String(new byte[15 * 1024 * 1024 + 2]);
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","event_id":"evt_audio","audio":"{{audio}}"}""");
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");
        await socket.SendAsync("""{"type":"input_audio_buffer.commit"}""");
        var empty = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        Assert.Equal("audio_too_large", error.GetProperty("code").GetString());
        Assert.Equal("audio", error.GetProperty("param").GetString());
        Assert.Equal("evt_audio", error.GetProperty("event_id").GetString());
        Assert.Equal("input_audio_buffer_commit_empty", empty.GetProperty("code").GetString());
        await AssertStillServesAsync(socket);
    }

    internal static string ItemCreate(string eventId, string itemId, string text) => new JsonObject
    {
        ["type"] = "conversation.item.create",
        ["event_id"] = eventId,
        ["item"] = new JsonObject
        {
            ["id"] = itemId, ["type"] = "message", ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }),
        },
    }.ToJsonString();

    internal static async Task AssertStillServesAsync(RealtimeRawSocket socket)
    {
        await socket.SendAsync("""{"type":"session.update","event_id":"evt_probe","session":{"type":"realtime"}}""");
        var events = await socket.ReceiveUntilAsync("session.updated");
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "error");
    }
}
