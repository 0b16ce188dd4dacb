using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests;

[Collection(StoriesServerCollection.Name)]
public sealed class ChatCompletionsTests(StoriesServerFixture fixture)
{
    private readonly HttpClient _http = fixture.Server.Http;

    [Fact]
    public async Task Non_streaming_completion_has_text_usage_and_finish_reason()
    {
        var (status, json) = await ChatRequests.PostAsync(_http, ChatRequests.Body("Once upon a time", 24, seed: 3));

        Assert.Equal(200, status);
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", json.GetProperty("id").GetString());
        Assert.Equal("stories260k", json.GetProperty("model").GetString());
        Assert.NotEmpty(ChatRequests.Text(json));
        Assert.Equal("assistant", json.GetProperty("choices")[0].GetProperty("message").GetProperty("role").GetString());
        var usage = json.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 1, 24);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.Contains(json.GetProperty("choices")[0].GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
    }

    [Fact]
    public async Task Streaming_sends_role_first_then_deltas_then_usage_and_done()
    {
        var body = ChatRequests.Body("Once upon a time", 16, seed: 5, stream: true);
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        var (chunks, done, contentType) = await ChatRequests.StreamAsync(_http, body);

        Assert.Equal("text/event-stream", contentType);
        Assert.True(done, "the stream ends with data: [DONE]");
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.True(chunks.Count(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) && t.GetString()!.Length > 0) > 1);
        var finish = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("finish_reason"))
            .Where(f => f.ValueKind == JsonValueKind.String).ToList();
        Assert.Single(finish);
        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.InRange(usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 1, 16);
    }

    [Fact]
    public async Task Streamed_and_non_streamed_answers_match_for_the_same_seed()
    {
        var (_, whole) = await ChatRequests.PostAsync(_http, ChatRequests.Body("The dog", 20, seed: 42));
        var (chunks, _, _) = await ChatRequests.StreamAsync(_http, ChatRequests.Body("The dog", 20, seed: 42, stream: true));

        Assert.Equal(ChatRequests.Text(whole), ChatRequests.StreamedText(chunks));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_answer_and_another_seed_a_different_one()
    {
        var first = ChatRequests.Text((await ChatRequests.PostAsync(_http, ChatRequests.Body("Lily went", 40, seed: 7))).Json);
        var again = ChatRequests.Text((await ChatRequests.PostAsync(_http, ChatRequests.Body("Lily went", 40, seed: 7))).Json);
        var others = new List<string>();
        foreach (var seed in new[] { 8, 9, 10 })
            others.Add(ChatRequests.Text((await ChatRequests.PostAsync(_http, ChatRequests.Body("Lily went", 40, seed: seed))).Json));

        Assert.Equal(first, again);
        Assert.Contains(others, o => o != first);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_answer_before_it_and_reports_stop()
    {
        var body = ChatRequests.Body("Once upon a time", 60, seed: 11);
        body["ignore_eos"] = true;
        var full = ChatRequests.Text((await ChatRequests.PostAsync(_http, body)).Json);
        var words = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length > 4, $"need a few words to pick a stop from: '{full}'");
        var stop = words[3];
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];

        body["stop"] = new JsonArray(stop);
        var (status, stopped) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(200, status);
        Assert.Equal(expected, ChatRequests.Text(stopped));
        Assert.Equal("stop", stopped.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Max_tokens_cuts_the_answer_with_finish_reason_length()
    {
        var body = ChatRequests.Body("Once upon a time", 7, seed: 1);
        body["ignore_eos"] = true;

        var (_, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal("length", json.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(7, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Max_completion_tokens_is_honoured_like_max_tokens()
    {
        var body = ChatRequests.Body("Once upon a time", 50, seed: 1);
        body.Remove("max_tokens");
        body["max_completion_tokens"] = 5;
        body["ignore_eos"] = true;

        var (_, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(5, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Json_schema_output_parses_and_fits_the_schema()
    {
        var body = ChatRequests.Body("Describe a pet as JSON.", 200, seed: 2);
        body["response_format"] = JsonNode.Parse("""
            {"type":"json_schema","json_schema":{"name":"pet","strict":true,"schema":{
              "type":"object",
              "properties":{
                "name":{"type":"string","maxLength":12},
                "kind":{"type":"string","enum":["cat","dog","bird"]},
                "age":{"type":"integer"},
                "friendly":{"type":"boolean"},
                "toys":{"type":"array","items":{"type":"string","maxLength":8},"maxItems":3}
              },
              "required":["name","kind","age","friendly","toys"]}}}
            """);

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(200, status);
        Assert.Equal("stop", json.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        using var pet = JsonDocument.Parse(ChatRequests.Text(json));
        var root = pet.RootElement;
        Assert.True(root.GetProperty("name").GetString()!.Length <= 12);
        Assert.Contains(root.GetProperty("kind").GetString(), new[] { "cat", "dog", "bird" });
        Assert.Equal(JsonValueKind.Number, root.GetProperty("age").ValueKind);
        Assert.True(root.GetProperty("friendly").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.InRange(root.GetProperty("toys").GetArrayLength(), 0, 3);
    }

    [Fact]
    public async Task Json_object_output_is_a_json_object()
    {
        var body = ChatRequests.Body("Answer in JSON.", 300, seed: 4);
        body["response_format"] = new JsonObject { ["type"] = "json_object" };

        var (_, json) = await ChatRequests.PostAsync(_http, body);

        if (json.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "stop")
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(ChatRequests.Text(json)).RootElement.ValueKind);
        else
            Assert.StartsWith("{", ChatRequests.Text(json).TrimStart());
    }

    [Fact]
    public async Task A_required_tool_choice_returns_tool_calls_with_arguments_that_fit_the_schema()
    {
        var body = ChatRequests.Body("What is the weather in Paris?", 200, seed: 6);
        body["tools"] = JsonNode.Parse("""
            [{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string","maxLength":20},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"]}}}]
            """);
        body["tool_choice"] = "required";

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(200, status);
        var choice = json.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.StartsWith("call_", call.GetProperty("id").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        using var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!);
        Assert.Contains(arguments.RootElement.GetProperty("unit").GetString(), new[] { "c", "f" });
        Assert.True(arguments.RootElement.GetProperty("city").GetString()!.Length <= 20);
    }

    [Fact]
    public async Task A_tool_call_streams_as_a_tool_calls_delta()
    {
        var body = ChatRequests.Body("Call it.", 200, seed: 6, stream: true);
        body["tools"] = JsonNode.Parse("""[{"type":"function","function":{"name":"ping","parameters":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}}]""");
        body["tool_choice"] = JsonNode.Parse("""{"type":"function","function":{"name":"ping"}}""");

        var (chunks, done, _) = await ChatRequests.StreamAsync(_http, body);

        Assert.True(done);
        var call = chunks.Select(c => c.GetProperty("choices")).Where(c => c.GetArrayLength() > 0)
            .Select(c => c[0].GetProperty("delta")).First(d => d.TryGetProperty("tool_calls", out _)).GetProperty("tool_calls")[0];
        Assert.Equal(0, call.GetProperty("index").GetInt32());
        Assert.Equal("ping", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("n").ValueKind);
        Assert.Contains(chunks, c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "tool_calls");
    }

    [Fact]
    public async Task Tool_results_in_the_history_are_accepted()
    {
        var body = JsonNode.Parse("""
            {"model":"stories260k","max_tokens":8,"seed":1,"messages":[
              {"role":"user","content":"Weather?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}
            """)!.AsObject();

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(200, status);
        Assert.True(json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 10);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var body = ChatRequests.Body("Hi", 4, seed: 1);
        body["some_future_field"] = new JsonObject { ["x"] = 1 };
        body["user"] = "someone";

        var (status, _) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(200, status);
    }
}
