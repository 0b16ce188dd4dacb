using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Omnia.Server.Tests.Realtime;

/// <summary>
/// Property: any bad client event — unknown or missing types, fields of the wrong JSON type, invalid base64, broken
/// JSON, binary frames (invalid UTF-8 among them), oversized fields — gets exactly one <c>error</c> event (a client error, echoing its
/// <c>event_id</c>), and the session stays open and still answers <c>session.update</c> and <c>response.create</c>.
/// </summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RealtimeEventFuzzTests(StoriesServerFixture fixture)
{
    private static readonly string[] KnownTypes =
    [
        "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear", "conversation.item.create",
        "conversation.item.retrieve", "conversation.item.delete", "conversation.item.truncate", "response.create", "response.cancel",
    ];

    /// <summary>JSON values of every kind but string, for fields that must be strings.</summary>
    private static readonly Gen<string> NotString = Gen.OneOf("5", "true", "false", "1.5", "-1e308", "[1,2]", "{\"a\":1}", "[]", "{}");

    /// <summary>JSON values of every kind but object (null and absence included), for fields that must be objects.</summary>
    private static readonly Gen<string?> NotObject = Gen.OneOf<string?>("5", "true", "\"text\"", "[1]", "null", null);

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz._-0123456789"], 1, 40];

    private static readonly Gen<BadEvent> Bad = Gen.Frequency(
        (3, Word.Where(w => !KnownTypes.Contains(w)).Select(t => Json("invalid_event_type", $"\"type\":{Quote(t)}"))),
        (2, Gen.OneOf<string?>("5", "null", "[\"session.update\"]", "{}", "true", null).Select(t => Json("missing_required_parameter", t is null ? "\"x\":1" : $"\"type\":{t}"))),
        (2, NotObject.Select(s => Json(AbsentOr(s, "invalid_type"), "\"type\":\"session.update\"" + Field("session", s)))),
        (2, Gen.OneOf("{\"instructions\":5}", "{\"instructions\":true}", "{\"output_modalities\":[\"smell\"]}", "{\"output_modalities\":[]}",
            "{\"temperature\":\"hot\"}", "{\"audio\":{\"input\":{\"turn_detection\":{\"type\":\"psychic\"}}}}")
            .Select(s => Json(null, "\"type\":\"session.update\",\"session\":" + s))),
        (3, Gen.OneOf(
                NotString.Select(a => (Code: "invalid_type", Audio: (string?)a)),
                Gen.OneOf<string?>(null, "null").Select(a => (Code: "missing_required_parameter", Audio: a)),
                Gen.String[Gen.Char["A-Za-z0-9+/=!*#"], 1, 64].Where(s => !IsBase64(s)).Select(s => (Code: "invalid_value", Audio: (string?)Quote(s))),
                Gen.Byte.Array[1, 99].Where(b => b.Length % 2 == 1).Select(b => (Code: "invalid_value", Audio: (string?)Quote(Convert.ToBase64String(b)))))
            .Select(x => Json(x.Code, "\"type\":\"input_audio_buffer.append\"" + Field("audio", x.Audio)))),
        (3, Gen.OneOf(
                NotObject.Select(i => Json(AbsentOr(i, "invalid_type"), "\"type\":\"conversation.item.create\"" + Field("item", i))),
                Word.Where(w => w is not ("message" or "function_call" or "function_call_output")).Select(t => Json("invalid_value", $"\"type\":\"conversation.item.create\",\"item\":{{\"type\":{Quote(t)}}}")),
                Word.Where(w => w is not ("user" or "assistant" or "system")).Select(r => Json("invalid_value", $"\"type\":\"conversation.item.create\",\"item\":{{\"type\":\"message\",\"role\":{Quote(r)},\"content\":[]}}")),
                NotString.Select(r => Json(null, $"\"type\":\"conversation.item.create\",\"item\":{{\"type\":\"message\",\"role\":{r},\"content\":[]}}")),
                Gen.OneOf<string?>("5", "\"text\"", "{}", "null", null).Select(c => Json(AbsentOr(c, "invalid_type"), "\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\"" + Field("content", c) + "}")),
                Gen.Const(0).Select(_ => Json("missing_required_parameter", "\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"output\":\"x\"}")),
                Gen.Int[1, 3].Select(n => Json("item_too_large", $"\"type\":\"conversation.item.create\",\"item\":{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":{Quote(new string('z', 1024 * 1024 + n))}}}]}}")))),
        (2, Gen.Select(Gen.OneOf("conversation.item.retrieve", "conversation.item.delete"), Gen.OneOf(Word.Select(w => (string?)Quote("nope_" + w)), NotString.Select(s => (string?)s), Gen.Const((string?)null)))
            .Select(x => Json(null, $"\"type\":\"{x.Item1}\"" + Field("item_id", x.Item2)))),
        (1, Gen.OneOf("", ",\"audio_end_ms\":10", ",\"audio_end_ms\":\"ten\"", ",\"audio_end_ms\":10,\"content_index\":\"x\"", ",\"audio_end_ms\":10,\"content_index\":1e30")
            .Select(rest => Json(null, "\"type\":\"conversation.item.truncate\",\"item_id\":\"nope\"" + rest))),
        (1, Gen.Const(0).Select(_ => Json("input_audio_buffer_commit_empty", "\"type\":\"input_audio_buffer.commit\""))),
        (1, Gen.Const(0).Select(_ => Json("response_cancel_not_active", "\"type\":\"response.cancel\""))),
        (1, Gen.Int[1, 3].Select(n => Json("invalid_event_type", $"\"type\":\"no.such.event\",\"pad\":{Quote(new string('p', n * 700_000))}"))),
        (3, Gen.Int[1, 60].Select(cut => Raw("invalid_json", """{"type":"session.update","event_id":"evt_cut","session":{"instructions":"hi"}}"""[..cut]))),
        (2, Gen.OneOf("5", "\"text\"", "[1,2]", "null", "true", new string('[', 200) + new string(']', 200), "{\"type\":\"session.update\",}", "{\"a\" 1}", "", "{\"type\":\"session.update\",\"type\":\"response.create\"}", "{\"event_id\":\"a\",\"event_id\":\"b\",\"type\":\"x\"}")
            .Select(text => Raw("invalid_json", text))),
        (2, Gen.Byte.Array[1, 8].Select(junk => new BadEvent("invalid_event", InvalidUtf8Event(junk), WebSocketMessageType.Binary, null))),
        (2, Gen.Byte.Array[0, 512].Select(bytes => new BadEvent("invalid_event", bytes, WebSocketMessageType.Binary, null))));

    private static int _eventIds;

    [Fact]
    public async Task Every_bad_event_gets_one_error_event_and_the_session_still_answers()
    {
        await Bad.Array[1, 6].SampleAsync(async events =>
        {
            await using var socket = await RealtimeRawSocket.ConnectAsync(fixture.Server.BaseAddress);
            await socket.ReceiveUntilAsync("session.created");
            await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime","output_modalities":["text"],"max_output_tokens":4,"audio":{"input":{"turn_detection":null}}}}""");
            await socket.ReceiveUntilAsync("session.updated");

            foreach (var bad in events)
            {
                await socket.SendAsync(bad.Bytes, bad.Frame);
                await socket.SendAsync("""{"type":"session.update","event_id":"evt_probe","session":{}}""");
                var seen = await socket.ReceiveUntilAsync("session.updated");
                var errors = seen.Where(e => e.GetProperty("type").GetString() == "error").Select(e => e.GetProperty("error")).ToList();
                var error = Assert.Single(errors);
                Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
                if (bad.Code is not null) Assert.Equal(bad.Code, error.GetProperty("code").GetString());
                if (bad.EventId is not null) Assert.Equal(bad.EventId, error.GetProperty("event_id").GetString());
            }

            await socket.SendAsync("""{"type":"response.create"}""");
            var done = (await socket.ReceiveUntilAsync("response.done"))[^1];
            Assert.Equal("completed", done.GetProperty("response").GetProperty("status").GetString());
        }, iter: 60, threads: 1, print: events => string.Join(" | ", events.Select(e => e.ToString())));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_frame_fails_only_that_connection_as_RFC_6455_requires()
    {
        await using var broken = await RealtimeRawSocket.ConnectAsync(fixture.Server.BaseAddress);
        await broken.ReceiveUntilAsync("session.created");
        await using var other = await RealtimeRawSocket.ConnectAsync(fixture.Server.BaseAddress);
        await other.ReceiveUntilAsync("session.created");

        await broken.SendAsync(InvalidUtf8Event([0xC3, 0x28]), WebSocketMessageType.Text);
        var closed = await Assert.ThrowsAsync<InvalidOperationException>(() => broken.ReceiveUntilAsync("session.updated"));

        // The WebSocket layer fails the connection with 1007 (invalid payload data); the server and its other sessions go on.
        Assert.Contains("InvalidPayloadData", closed.Message);
        await RealtimeLimitsTests.AssertStillServesAsync(other);
    }

    [Fact]
    public async Task An_event_with_a_repeated_property_is_invalid_json_and_the_session_goes_on()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(fixture.Server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync("""{"type":"session.update","type":"response.create","event_id":"evt_twice"}""");
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        await RealtimeLimitsTests.AssertStillServesAsync(socket);
    }

    private static byte[] InvalidUtf8Event(byte[] junk) =>
        [.. "{\"type\":\"session.update\",\"session\":{\"instructions\":\""u8, 0xFF, .. junk.Select(b => (byte)(b | 0x80)), .. "\"}}"u8];

    /// <summary>A client event: its bytes and frame type, the error code it must get (null: any client error) and its event_id.</summary>
    internal sealed record BadEvent(string? Code, byte[] Bytes, WebSocketMessageType Frame, string? EventId)
    {
        public override string ToString()
        {
            var text = Frame == WebSocketMessageType.Binary ? $"<binary {Bytes.Length} bytes>" : Encoding.UTF8.GetString(Bytes);
            return text.Length > 200 ? text[..200] + $"…({text.Length})" : text;
        }
    }

    private static BadEvent Json(string? code, string fields)
    {
        var id = $"evt_{Interlocked.Increment(ref _eventIds)}";
        return new BadEvent(code, Encoding.UTF8.GetBytes($"{{\"event_id\":\"{id}\",{fields}}}"), WebSocketMessageType.Text, id);
    }

    private static BadEvent Raw(string code, string text) => new(code, Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, null);

    /// <summary>A field left out or null is missing; one of the wrong JSON kind gets <paramref name="wrongKind"/>.</summary>
    private static string AbsentOr(string? json, string wrongKind) => json is null or "null" ? "missing_required_parameter" : wrongKind;

    private static string Field(string name, string? json) => json is null ? "" : $",\"{name}\":{json}";

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);
}
