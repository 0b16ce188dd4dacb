using System.Text;
using System.Text.Json.Nodes;

namespace Omnia.Bench.Fuzz;

/// <summary>
/// <c>/v1/realtime</c>: sessions of a few client events each: bad JSON, unknown types, fields of the wrong type,
/// invalid base64 audio, binary frames, huge items, and some valid events (a text item and a 4-token response).
/// </summary>
public sealed class RealtimeCorpus(int maxBody) : IFuzzCorpus<RealtimeFuzzSession>
{
    private static readonly string[] EventTypes =
    [
        "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
        "conversation.item.create", "conversation.item.retrieve", "conversation.item.delete", "conversation.item.truncate",
        "response.create", "response.cancel",
    ];

    private static readonly string[] FieldsByEvent = ["session", "audio", "item", "item_id", "content_index", "audio_end_ms", "response", "previous_item_id", "event_id"];

    public string Endpoint => "/v1/realtime";

    public IReadOnlyList<RealtimeFuzzSession> Findings { get; } =
    [
        // Issue #10: a session accepted 10 MB items without limit (+2.6 GB); three of them.
        new("finding:items-10mb", Enumerable.Range(0, 3).Select(_ => Text("huge:item", HugeItem(Math.Min(10 << 20, maxBody - 1024)))).ToArray()),
    ];

    public RealtimeFuzzSession Next(Random random)
    {
        var messages = Enumerable.Range(0, random.Next(2, 7)).Select(_ => Event(random)).ToArray();
        // Every session first bounds its answers, so a mutated response.create that falls back to the session's
        // default is still a short answer: an unbounded story is slow on a loaded machine, not a hang.
        return new(string.Join('+', messages.Select(m => m.Case)), [BoundedAnswers, .. messages]);
    }

    private static readonly RealtimeFuzzMessage BoundedAnswers =
        Text("setup:max_output_tokens", "{\"type\":\"session.update\",\"session\":{\"max_output_tokens\":8}}");

    private RealtimeFuzzMessage Event(Random random)
    {
        switch (random.Next(10))
        {
            case 0:
                return Text("valid:item", new JsonObject
                {
                    ["type"] = "conversation.item.create",
                    ["item"] = new JsonObject
                    {
                        ["type"] = "message", ["role"] = "user",
                        ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "Once upon a time" }),
                    },
                }.ToJsonString());
            case 1:
                return Text("valid:response", new JsonObject
                {
                    ["type"] = "response.create",
                    ["response"] = new JsonObject { ["output_modalities"] = new JsonArray("text"), ["max_output_tokens"] = 4 },
                }.ToJsonString());
            case 2:
            {
                var json = "{\"type\":\"session.update\",\"session\":{\"instructions\":\"x\"}}";
                return random.Next(3) switch
                {
                    0 => Text("json:truncated", json[..random.Next(json.Length)]),
                    1 => new("json:invalid-utf8", [.. "{\"type\":\"conversation.item.create\",\"x\":\""u8, 0xFF, 0xC0, .. "\"}"u8]),
                    _ => Text("json:not-object", random.Next(2) == 0 ? "[1,2]" : "\"text\""),
                };
            }

            case 3:
                return Text("type:unknown", $"{{\"type\":\"{(random.Next(2) == 0 ? "no.such.event" : new string('t', 5000))}\"}}");
            case 4:
            case 5:
            {
                var type = EventTypes[random.Next(EventTypes.Length)];
                var field = FieldsByEvent[random.Next(FieldsByEvent.Length)];
                var (name, value) = FuzzJson.AnyWrongValue(random);
                return Text($"field:{type}:{field}:{name}", $"{{\"type\":\"{type}\",\"{field}\":{value}}}");
            }

            case 6:
            {
                var (name, audio) = random.Next(4) switch
                {
                    0 => ("not-base64", "%%%%"),
                    1 => ("odd-length", "AAA"),
                    2 => ("one-byte", "AA=="),
                    _ => ("huge", Convert.ToBase64String(new byte[Math.Min(maxBody / 2, 1 << random.Next(16, 23))])),
                };
                return Text($"audio:{name}", $"{{\"type\":\"input_audio_buffer.append\",\"audio\":\"{audio}\"}}");
            }

            case 7:
            {
                var (name, session) = random.Next(6) switch
                {
                    0 => ("format-unknown", "{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/xyz\",\"rate\":16}}}}"),
                    1 => ("rate-absurd", "{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":2048000000}}}}"),
                    2 => ("turn_detection-odd", "{\"audio\":{\"input\":{\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":\"NaN\",\"silence_duration_ms\":-5}}}}"),
                    3 => ("beta-wrong-types", "{\"voice\":5,\"input_audio_format\":[],\"modalities\":\"text\"}"),
                    4 => ("tools-hostile", $"{{\"tools\":[{{\"type\":\"function\",\"name\":\"f\",\"parameters\":{HostileSchemas.Random(random)}}}]}}"),
                    _ => ("max_output_tokens-odd", "{\"max_output_tokens\":-7}"),
                };
                return Text($"session:{name}", $"{{\"type\":\"session.update\",\"session\":{session}}}");
            }

            case 8:
                return new("binary", RandomBytes(random, random.Next(1, 4096)), Binary: true);
            default:
                return Text("huge:item", HugeItem(1 << random.Next(10, 20)));
        }
    }

    private static RealtimeFuzzMessage Text(string @case, string json) => new(@case, Encoding.UTF8.GetBytes(json));

    private static string HugeItem(int length) => new JsonObject
    {
        ["type"] = "conversation.item.create",
        ["item"] = new JsonObject
        {
            ["type"] = "message", ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = new string('a', length) }),
        },
    }.ToJsonString();

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
