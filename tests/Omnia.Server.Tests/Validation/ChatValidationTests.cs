namespace Omnia.Server.Tests.Validation;

/// <summary>
/// Every wrong type or value anywhere in a chat request is a 400 naming its param, never a 500: the findings of the
/// hostile-request harness of issue #10, one case each.
/// </summary>
[Collection(StoriesServerCollection.Name)]
public sealed class ChatValidationTests(StoriesServerFixture fixture)
{
    private const string Path = "v1/chat/completions";
    private const string User = """{"role":"user","content":"hi"}""";

    private readonly HttpClient _http = fixture.Server.Http;

    /// <summary>A valid request with <paramref name="messages"/> and extra top-level fields.</summary>
    private static string Chat(string messages = "[" + User + "]", string extra = "") =>
        $$"""{"model":"stories260k","max_tokens":2,"messages":{{messages}}{{(extra.Length > 0 ? "," + extra : "")}}}""";

    private static string Part(string part) => Chat($$"""[{"role":"user","content":[{{part}}]}]""");

    private static string Assistant(string fields) => Chat($$"""[{{User}},{"role":"assistant",{{fields}}},{"role":"user","content":"go on"}]""");

    public static TheoryData<string, string> WrongShapes => new()
    {
        { Chat("[null]"), "messages[0]" },
        { Chat("[1]"), "messages[0]" },
        { Chat("""["hi"]"""), "messages[0]" },
        { Chat("""[{"role":5,"content":"hi"}]"""), "messages[0].role" },
        { Chat("""[{"role":"user","content":5}]"""), "messages[0].content" },
        { Chat("""[{"role":"user","content":{"text":"hi"}}]"""), "messages[0].content" },
        { Chat("""[{"role":"user","content":"hi","name":5}]"""), "messages[0].name" },
        { Part("null"), "messages[0].content[0]" },
        { Part("5"), "messages[0].content[0]" },
        { Part("""{"type":5}"""), "messages[0].content[0].type" },
        { Part("""{"type":"text","text":5}"""), "messages[0].content[0].text" },
        { Part("""{"type":"text"}"""), "messages[0].content[0].text" },
        { Part("""{"type":"image_url","image_url":"http://example.com/a.png"}"""), "messages[0].content[0].image_url" },
        { Part("""{"type":"image_url","image_url":{"url":5}}"""), "messages[0].content[0].image_url.url" },
        { Part("""{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":5}}"""), "messages[0].content[0].image_url.detail" },
        { Part("""{"type":"image_url","image_url":[1]}"""), "messages[0].content[0].image_url" },
        { Part("""{"type":"input_audio","input_audio":"UklGRg=="}"""), "messages[0].content[0].input_audio" },
        { Part("""{"type":"input_audio","input_audio":{"data":5,"format":"wav"}}"""), "messages[0].content[0].input_audio.data" },
        { Part("""{"type":"input_audio","input_audio":{"data":"UklGRg==","format":5}}"""), "messages[0].content[0].input_audio.format" },
        { Assistant("""  "content":null,"tool_calls":[null]"""), "messages[1].tool_calls[0]" },
        { Assistant("""  "content":null,"tool_calls":5"""), "messages[1].tool_calls" },
        { Assistant("""  "content":null,"tool_calls":[{"id":"c1","type":"function","function":"f"}]"""), "messages[1].tool_calls[0].function" },
        { Assistant("""  "content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":5}}]"""), "messages[1].tool_calls[0].function.arguments" },
        { Assistant("""  "content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{"a":1}}}]"""), "messages[1].tool_calls[0].function.arguments" },
        { Assistant("""  "content":"x","audio":"a1" """), "messages[1].audio" },
        { Chat(extra: """ "tools":[null]"""), "tools[0]" },
        { Chat(extra: """ "tools":{"type":"function"}"""), "tools" },
        { Chat(extra: """ "tools":[{"type":"function","function":"x"}]"""), "tools[0].function" },
        { Chat(extra: """ "tools":[{"type":"function","function":{"name":"f","parameters":5}}]"""), "tools[0].function.parameters" },
        { Chat(extra: """ "tool_choice":{"type":"function","function":"f"}"""), "tool_choice.function" },
        { Chat(extra: """ "tool_choice":{"type":"function","function":{"name":5}}"""), "tool_choice.function.name" },
        { Chat(extra: """ "tool_choice":{"type":"function","function":{"name":""}}"""), "tool_choice.function.name" },
        { Chat(extra: """ "tool_choice":{"type":"function","function":{"name":" "}}"""), "tool_choice.function.name" },
        { Chat(extra: """ "tool_choice":5"""), "tool_choice" },
        { Chat(extra: """ "stop":[1]"""), "stop" },
        { Chat(extra: """ "stop":{"a":1}"""), "stop" },
        { Chat(extra: """ "stream_options":1"""), "stream_options" },
        { Chat(extra: """ "stream_options":{"include_usage":"yes"}"""), "stream_options.include_usage" },
        { Chat(extra: """ "audio":"x" """), "audio" },
        { Chat(extra: """ "modalities":[1]"""), "modalities[0]" },
        { Chat(extra: """ "modalities":"text" """), "modalities" },
        { Chat(extra: """ "modalities":[null]"""), "modalities[0]" },
        { Chat(extra: """ "response_format":"json" """), "response_format" },
        { Chat(extra: """ "response_format":{"type":"json_schema","json_schema":"x"}"""), "response_format.json_schema" },
        { Chat(extra: """ "response_format":{"type":5}"""), "response_format.type" },
        { Chat(extra: """ "model":5""").Replace("\"model\":\"stories260k\",", ""), "model" },
        { Chat(extra: """ "user":5"""), "user" },
        { Chat(extra: """ "stream":"yes" """), "stream" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_its_path(string body, string param)
    {
        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, body);

        RawPosts.AssertBadRequest(status, response, param);
    }

    public static TheoryData<string, string> OutOfRange => new()
    {
        { Chat(extra: """ "temperature":1e39"""), "temperature" },
        { Chat(extra: """ "temperature":-0.5"""), "temperature" },
        { Chat(extra: """ "temperature":2.5"""), "temperature" },
        { Chat(extra: """ "top_p":0"""), "top_p" },
        { Chat(extra: """ "top_p":1.5"""), "top_p" },
        { Chat(extra: """ "top_k":-1"""), "top_k" },
        { Chat(extra: """ "min_p":2"""), "min_p" },
        { Chat(extra: """ "repeat_penalty":0"""), "repeat_penalty" },
        { Chat(extra: """ "presence_penalty":2.5"""), "presence_penalty" },
        { Chat(extra: """ "frequency_penalty":-3"""), "frequency_penalty" },
        { Chat(extra: """ "frequency_penalty":-1e300"""), "frequency_penalty" },
        { Chat(extra: """ "max_tokens":1e12""").Replace("\"max_tokens\":2,", ""), "max_tokens" },
        { Chat(extra: """ "max_completion_tokens":-1"""), "max_completion_tokens" },
        { Chat(extra: """ "seed":1.5"""), "seed" },
        { Chat(extra: """ "seed":1e30"""), "seed" },
        { Chat(extra: """ "n":0"""), "n" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task A_number_out_of_its_documented_range_is_a_400_naming_it(string body, string param)
    {
        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, body);

        RawPosts.AssertBadRequest(status, response, param);
    }

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { Chat("""[{"role":"user","content":"hi \ud800 there"}]"""), "messages[0].content" },
        { Chat("""[{"role":"user","content":"\udc00"}]"""), "messages[0].content" },
        { Chat("""[{"role":"user","content":"a\ud800"}]"""), "messages[0].content" },
        { Chat("""[{"role":"user\ud800","content":"hi"}]"""), "messages[0].role" },
        { Chat("""[{"role":"user","content":[{"type":"text","text":"\ud83d"}]}]"""), "messages[0].content[0].text" },
        { Chat(extra: """ "stop":["\ud800"]"""), "stop[0]" },
        { Chat(extra: """ "user":"\udfff" """), "user" },
        { Chat(extra: """ "tools":[{"type":"function","function":{"name":"f","description":"\ud800"}}]"""), "tools[0].function.description" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_escape_is_a_400_naming_the_string(string body, string param)
    {
        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, body);

        RawPosts.AssertBadRequest(status, response, param);
        Assert.Equal("invalid_string", RawPosts.Error(response).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_property_name_is_a_400()
    {
        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, Chat(extra: """ "x\ud800":1"""));

        Assert.Equal(400, status);
        Assert.Equal("invalid_string", RawPosts.Error(response).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_valid_surrogate_pair_is_accepted()
    {
        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, Chat("""[{"role":"user","content":"a story \ud83d\ude00"}]"""));

        Assert.True(status == 200, response);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 }, "messages[0].content")]
    [InlineData(new byte[] { 0xFF, 0xFE }, "messages[0].content")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "messages[0].content")]
    [InlineData(new byte[] { 0xE2, 0x82 }, "messages[0].content")]
    public async Task Invalid_utf8_bytes_in_a_string_are_a_400_naming_it(byte[] bad, string param)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(Chat("""[{"role":"user","content":"hi XX"}]"""));
        var at = IndexOf(body, "XX"u8);
        var bytes = body[..at].Concat(bad).Concat(body[(at + 2)..]).ToArray();

        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, bytes);

        Assert.True(status == 400, $"{status}: {response}");
        var error = RawPosts.Error(response);
        // The reader rejects some sequences while tokenizing the JSON (no param) and others only when the string is read.
        var named = error.GetProperty("param").GetString();
        Assert.True(named is null || named == param, response);
    }

    [Fact]
    public async Task A_huge_invalid_model_name_is_not_echoed_back()
    {
        var model = new string('m', 10 * 1024 * 1024);

        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, Chat(extra: $"\"model\":\"{model}\"").Replace("\"model\":\"stories260k\",", ""));

        RawPosts.AssertBadRequest(status, response, "model");
        Assert.True(response.Length < 2048, $"the error body is {response.Length} bytes");
    }

    [Fact]
    public async Task Long_values_echoed_in_errors_are_clipped()
    {
        var role = new string('r', 100_000);

        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, Chat($$"""[{"role":"{{role}}","content":"hi"}]"""));

        RawPosts.AssertBadRequest(status, response, "messages[0].role");
        Assert.True(response.Length < 2048, $"the error body is {response.Length} bytes");
        Assert.Contains("…", RawPosts.Error(response).GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_server_still_answers_after_every_malformed_request()
    {
        foreach (var body in WrongShapes.Concat(LoneSurrogates).Select(row => (string)row[0]))
            await RawPosts.PostJsonAsync(_http, Path, body);

        var (status, response) = await RawPosts.PostJsonAsync(_http, Path, Chat());

        Assert.True(status == 200, response);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
