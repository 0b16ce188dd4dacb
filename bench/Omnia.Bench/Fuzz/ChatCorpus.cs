using System.Text;
using System.Text.Json.Nodes;

namespace Omnia.Bench.Fuzz;

/// <summary>
/// <c>POST /v1/chat/completions</c>: a small valid request (4 tokens), then one mutation: a field of the wrong type,
/// text that is not UTF-8/UTF-16, deep nesting, huge strings, NaN-like numbers, lying images and WAVs, hostile
/// <c>json_schema</c> response formats and tool schemas, odd <c>tool_choice</c>s, broken JSON.
/// </summary>
public sealed class ChatCorpus : IFuzzCorpus<FuzzRequest>
{
    private const string Path = "v1/chat/completions";
    private const int MaxTokens = 4;

    private static readonly string[] TopFields =
    [
        "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "stream", "stop", "seed", "n",
        "response_format", "tools", "tool_choice", "modalities", "audio", "logit_bias", "frequency_penalty",
        "presence_penalty", "stream_options", "logprobs", "top_logprobs", "user", "parallel_tool_calls",
    ];

    private static readonly string[] MessageFields = ["role", "content", "name", "tool_calls", "tool_call_id"];

    // The schema findings again at random, all but the 1 MB enum, which is replayed once: it is costly, not hostile.
    private static readonly (string Name, string Json)[] RepeatedSchemaFindings = HostileSchemas.Findings.Where(f => f.Name != "enum-100k").ToArray();

    // Deflating 192 MB of pixels takes a second: built once per process, whatever the number of corpora.
    private static readonly Lazy<string> HugePng = new(() => MediaBytes.DataUrl("image/png", MediaBytes.BlackPng(8192, 8192)));

    private readonly string _model;
    private readonly int _maxBody;

    /// <param name="model">The chat model id the valid part of each request names.</param>
    /// <param name="maxBody">The largest body a case may build (the 10 MB <c>model</c> finding is cut to it).</param>
    public ChatCorpus(string model, int maxBody)
    {
        _model = model;
        _maxBody = maxBody;
        Findings = BuildFindings();
    }

    public string Endpoint => "/" + Path;

    public IReadOnlyList<FuzzRequest> Findings { get; }

    public FuzzRequest Next(Random random)
    {
        var body = Valid();
        switch (random.Next(16))
        {
            case 0:
                return FuzzJson.Post("valid", Path, body);
            case 1:
                body["stream"] = true;
                return FuzzJson.Post("valid-stream", Path, body);
            case 2:
            case 3:
            {
                var field = TopFields[random.Next(TopFields.Length)];
                var (name, json) = FuzzJson.AnyWrongValue(random);
                body[field] = FuzzJson.Marker;
                return FuzzJson.Post($"type:{field}:{name}", Path, FuzzJson.Splice(body, json));
            }

            case 4:
            {
                var field = MessageFields[random.Next(MessageFields.Length)];
                var (name, json) = FuzzJson.AnyWrongValue(random);
                Message(body)[field] = FuzzJson.Marker;
                return FuzzJson.Post($"message:{field}:{name}", Path, FuzzJson.Splice(body, json));
            }

            case 5:
                return Text(random, body);
            case 6:
                return Huge(random, body);
            case 7:
                return Image(random, body);
            case 8:
                return Audio(random, body);
            case 9:
            case 10:
            {
                var schema = HostileSchemas.Random(random);
                return WithSchema("schema:random", body, schema);
            }

            case 11:
                return Tools(random, body);
            case 12:
                return ToolChoice(random, body);
            case 13:
                return Broken(random, body);
            case 14:
            {
                var (name, json) = RepeatedSchemaFindings[random.Next(RepeatedSchemaFindings.Length)];
                return WithSchema($"schema:{name}", body, json);
            }

            default:
            {
                var (name, json) = FuzzJson.AnyWrongValue(random);
                body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = FuzzJson.Marker }) });
                return FuzzJson.Post($"part:text:{name}", Path, FuzzJson.Splice(body, json));
            }
        }
    }

    private JsonObject Valid() => new()
    {
        ["model"] = _model,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Once upon a time" }),
        ["max_tokens"] = MaxTokens,
        // Both bounds: a mutation that nulls one still leaves the answer short, so a valid request never becomes an
        // unbounded story (greedy stories260K can run to the end of its context, which is slow, not a hang).
        ["max_completion_tokens"] = MaxTokens,
        ["temperature"] = 0,
    };

    private static JsonObject Message(JsonObject body) => (JsonObject)body["messages"]![0]!;

    private static FuzzRequest WithSchema(string @case, JsonObject body, string schema)
    {
        body["response_format"] = new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject { ["name"] = "answer", ["strict"] = true, ["schema"] = FuzzJson.Marker },
        };
        return FuzzJson.Post(@case, Path, FuzzJson.Splice(body, schema));
    }

    private static FuzzRequest WithContentPart(string @case, JsonObject body, JsonObject part)
    {
        body["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "What is this?" }, part),
        });
        return FuzzJson.Post(@case, Path, body);
    }

    private static FuzzRequest Text(Random random, JsonObject body)
    {
        Message(body)["content"] = FuzzJson.Marker;
        if (random.Next(2) == 0)
        {
            var (name, bytes) = FuzzJson.InvalidUtf8[random.Next(FuzzJson.InvalidUtf8.Count)];
            return FuzzJson.Post($"utf8:{name}", Path, FuzzJson.Splice(body, FuzzJson.StringAround(bytes)));
        }

        var (surrogate, escape) = FuzzJson.LoneSurrogates[random.Next(FuzzJson.LoneSurrogates.Count)];
        return FuzzJson.Post($"utf16:{surrogate}", Path, FuzzJson.Splice(body, $"\"ab{escape}cd\""));
    }

    private FuzzRequest Huge(Random random, JsonObject body)
    {
        var size = Math.Min(_maxBody - 512, 1 << random.Next(10, 21));
        switch (random.Next(5))
        {
            case 0:
                Message(body)["content"] = FuzzJson.Words(random, size);
                return FuzzJson.Post("huge:content", Path, body);
            case 1:
                body["model"] = new string('m', size);
                return FuzzJson.Post("huge:model", Path, body);
            case 2:
                body["stop"] = new JsonArray(Enumerable.Range(0, Math.Min(size / 8, 100_000)).Select(i => (JsonNode)$"s{i}").ToArray());
                return FuzzJson.Post("huge:stop", Path, body);
            case 3:
                body["messages"] = new JsonArray(Enumerable.Range(0, Math.Min(size / 40, 20_000))
                    .Select(i => (JsonNode)new JsonObject { ["role"] = i % 2 == 0 ? "user" : "assistant", ["content"] = "hi" }).ToArray());
                return FuzzJson.Post("huge:messages", Path, body);
            default:
            {
                var depth = Math.Min(size / 6, 1 << random.Next(4, 17));
                var objects = random.Next(2) == 0;
                Message(body)["content"] = FuzzJson.Marker;
                return FuzzJson.Post($"nesting:{(objects ? "objects" : "arrays")}", Path, FuzzJson.Splice(body, FuzzJson.Nested(depth, objects)));
            }
        }
    }

    private static FuzzRequest Image(Random random, JsonObject body)
    {
        var (name, url) = random.Next(9) switch
        {
            0 => ("png-truncated", MediaBytes.DataUrl("image/png", MediaBytes.Png(64, 64, [0x78, 0x9C])[..random.Next(8, 40)])),
            1 => ("png-huge-declared", MediaBytes.DataUrl("image/png", MediaBytes.Png(65535, 65535, [0x78, 0x9C, 0x03, 0x00]))),
            2 => ("jpeg-huge-declared", MediaBytes.DataUrl("image/jpeg", MediaBytes.JpegHeader(65500, 65500))),
            3 => ("gif-huge-declared", MediaBytes.DataUrl("image/gif", MediaBytes.GifHeader(65535, 65535))),
            4 => ("webp-huge-declared", MediaBytes.DataUrl("image/webp", MediaBytes.WebpHeader(16383, 16383))),
            5 => ("garbage", MediaBytes.DataUrl(random.Next(2) == 0 ? "image/png" : "image/jpeg", Garbage(random, 4096))),
            6 => ("bad-base64", "data:image/png;base64,@@@not base64@@@"),
            7 => ("not-a-data-url", random.Next(2) == 0 ? "data:" : "file:///etc/passwd"),
            _ => ("wrong-mime", MediaBytes.DataUrl("text/html", "<html></html>"u8.ToArray())),
        };
        return WithContentPart($"image:{name}", body, new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url } });
    }

    private static FuzzRequest Audio(Random random, JsonObject body)
    {
        var (name, data, format) = random.Next(7) switch
        {
            0 => ("bad-base64", "%%%not base64%%%", "wav"),
            1 => ("garbage", Convert.ToBase64String(Garbage(random, 4096)), "wav"),
            2 => ("rate-zero", Convert.ToBase64String(MediaBytes.Wav(0, 3200)), "wav"),
            3 => ("channels-zero", Convert.ToBase64String(MediaBytes.Wav(16000, 3200, channels: 0)), "wav"),
            4 => ("data-size-lies", Convert.ToBase64String(MediaBytes.Wav(16000, 3200, declaredDataBytes: uint.MaxValue)), "wav"),
            5 => ("unknown-format", Convert.ToBase64String(MediaBytes.ToneWav(0.2)), "xyz"),
            _ => ("valid-tone", Convert.ToBase64String(MediaBytes.ToneWav(0.3)), "wav"),
        };
        return WithContentPart($"input_audio:{name}", body, new JsonObject { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = data, ["format"] = format } });
    }

    private static FuzzRequest Tools(Random random, JsonObject body)
    {
        switch (random.Next(4))
        {
            case 0:
            {
                var (name, json) = FuzzJson.AnyWrongValue(random);
                body["tools"] = FuzzJson.Marker;
                return FuzzJson.Post($"tools:{name}", Path, FuzzJson.Splice(body, json));
            }

            case 1:
            {
                var (name, json) = FuzzJson.AnyWrongValue(random);
                body["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = FuzzJson.Marker });
                return FuzzJson.Post($"tools:function:{name}", Path, FuzzJson.Splice(body, json));
            }

            case 2:
                body["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = new string('f', 10_000) } });
                return FuzzJson.Post("tools:huge-name", Path, body);
            default:
                body["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "f", ["parameters"] = FuzzJson.Marker } });
                body["tool_choice"] = "required";
                return FuzzJson.Post("tools:parameters-schema", Path, FuzzJson.Splice(body, HostileSchemas.Random(random)));
        }
    }

    private static FuzzRequest ToolChoice(Random random, JsonObject body)
    {
        body["tools"] = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "f", ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() } },
        });
        var (name, choice) = random.Next(6) switch
        {
            0 => ("unknown-string", "\"bogus\""),
            1 => ("function-wrong-type", $"{{\"type\":\"function\",\"function\":{FuzzJson.AnyWrongValue(random).Json}}}"),
            2 => ("function-name-wrong-type", $"{{\"type\":\"function\",\"function\":{{\"name\":{FuzzJson.AnyWrongValue(random).Json}}}}}"),
            3 => ("function-missing", "{\"type\":\"function\"}"),
            4 => ("unknown-function", "{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}"),
            _ => ("wrong-type", FuzzJson.AnyWrongValue(random).Json),
        };
        body["tool_choice"] = FuzzJson.Marker;
        return FuzzJson.Post($"tool_choice:{name}", Path, FuzzJson.Splice(body, choice));
    }

    private static FuzzRequest Broken(Random random, JsonObject body)
    {
        var json = Encoding.UTF8.GetBytes(body.ToJsonString());
        return random.Next(6) switch
        {
            0 => FuzzJson.Post("json:truncated", Path, json[..random.Next(json.Length)]),
            1 => FuzzJson.Post("json:empty", Path, []),
            2 => FuzzJson.Post("json:array", Path, "[1,2,3]"u8.ToArray()),
            3 => FuzzJson.Post("json:garbage", Path, Garbage(random, 256)),
            4 => FuzzJson.Post("json:text-plain", Path, json, "text/plain"),
            _ => FuzzJson.Post("json:duplicate-keys", Path, Encoding.UTF8.GetBytes(body.ToJsonString()[..^1] + ",\"model\":5,\"messages\":null}")),
        };
    }

    private static byte[] Garbage(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private List<FuzzRequest> BuildFindings()
    {
        var findings = HostileSchemas.Findings.Select(s => WithSchema($"finding:schema:{s.Name}", Valid(), s.Json)).ToList();

        var tools = Valid();
        tools["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "f", ["parameters"] = FuzzJson.Marker } });
        findings.Add(FuzzJson.Post("finding:tools:anyOf-empty", Path, FuzzJson.Splice(tools, "{\"anyOf\":[]}")));

        var utf8 = Valid();
        Message(utf8)["content"] = FuzzJson.Marker;
        findings.Add(FuzzJson.Post("finding:utf8:invalid", Path, FuzzJson.Splice(utf8, FuzzJson.StringAround([0xFF, 0xC3, 0x28]))));
        findings.Add(FuzzJson.Post("finding:utf16:lone-surrogate", Path, FuzzJson.Splice(utf8, "\"ab\\ud800cd\"")));

        var nullMessage = Valid();
        nullMessage["messages"] = new JsonArray((JsonNode?)null);
        findings.Add(FuzzJson.Post("finding:messages-null", Path, nullMessage));

        findings.Add(WithContentPart("finding:image_url-string", Valid(), new JsonObject { ["type"] = "image_url", ["image_url"] = 5 }));
        findings.Add(WithContentPart("finding:input_audio-string", Valid(), new JsonObject { ["type"] = "input_audio", ["input_audio"] = "abc" }));

        var toolChoice = Valid();
        toolChoice["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "f" } });
        toolChoice["tool_choice"] = new JsonObject { ["type"] = "function", ["function"] = "f" };
        findings.Add(FuzzJson.Post("finding:tool_choice-function-string", Path, toolChoice));

        var nan = Valid();
        nan["temperature"] = "NaN";
        findings.Add(FuzzJson.Post("finding:temperature-nan", Path, nan));

        var bigModel = Valid();
        bigModel["model"] = new string('m', Math.Max(0, Math.Min(10 << 20, _maxBody - 256)));
        findings.Add(FuzzJson.Post("finding:model-10mb", Path, bigModel));

        findings.Add(WithContentPart("finding:png-8192x8192", Valid(), new JsonObject
        {
            ["type"] = "image_url",
            ["image_url"] = new JsonObject { ["url"] = HugePng.Value },
        }));
        findings.Add(WithContentPart("finding:wav-2048000000hz", Valid(), new JsonObject
        {
            ["type"] = "input_audio",
            ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(AudioCorpus.WavTwoGigahertz()), ["format"] = "wav" },
        }));
        findings.Add(WithContentPart("finding:wav-16hz", Valid(), new JsonObject
        {
            ["type"] = "input_audio",
            ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(AudioCorpus.WavSixteenHertz()), ["format"] = "wav" },
        }));
        return findings;
    }
}
