using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Responses;

/// <summary>Edge cases of <c>/v1/responses</c> over raw HTTP: 404s and 400s naming their param, truncation, background and cancel.</summary>
public sealed class ResponsesHttpTests(StoriesServerFixture fixture) : IClassFixture<StoriesServerFixture>
{
    private readonly HttpClient _http = fixture.Server.Http;

    private async Task<JsonElement> CreateAsync(JsonObject body)
    {
        var (status, json) = await ResponsesHttp.PostAsync(_http, "v1/responses", body);
        Assert.True(status == 200, json.ToString());
        return json;
    }

    [Theory]
    [InlineData("GET", "v1/responses/resp_missing", "response_id")]
    [InlineData("DELETE", "v1/responses/resp_missing", "response_id")]
    [InlineData("POST", "v1/responses/resp_missing/cancel", "response_id")]
    [InlineData("GET", "v1/responses/resp_missing/input_items", "response_id")]
    public async Task An_unknown_response_id_is_a_404_naming_it(string method, string path, string param)
    {
        var (status, json) = await ResponsesHttp.SendAsync(_http, new HttpMethod(method), path);

        Assert.Equal(404, status);
        Assert.Equal(param, ResponsesHttp.Error(json));
        Assert.Equal("not_found", ResponsesHttp.Error(json, "code"));
        Assert.Equal("invalid_request_error", ResponsesHttp.Error(json, "type"));
    }

    [Fact]
    public async Task An_unknown_previous_response_or_conversation_is_a_404_naming_it()
    {
        var previous = ResponsesHttp.Body("hi");
        previous["previous_response_id"] = "resp_nope";
        var conversation = ResponsesHttp.Body("hi");
        conversation["conversation"] = new JsonObject { ["id"] = "conv_nope" };

        var (previousStatus, previousError) = await ResponsesHttp.PostAsync(_http, "v1/responses", previous);
        var (conversationStatus, conversationError) = await ResponsesHttp.PostAsync(_http, "v1/responses", conversation);

        Assert.Equal((404, "previous_response_id"), (previousStatus, ResponsesHttp.Error(previousError)));
        Assert.Equal((404, "conversation"), (conversationStatus, ResponsesHttp.Error(conversationError)));
    }

    [Fact]
    public async Task An_unknown_tool_type_is_a_400_naming_it()
    {
        var body = ResponsesHttp.Body("hi");
        body["tools"] = JsonNode.Parse("""[{"type":"function","name":"f"},{"type":"web_search"}]""");

        var (status, json) = await ResponsesHttp.PostAsync(_http, "v1/responses", body);

        Assert.Equal(400, status);
        Assert.Equal("tools[1].type", ResponsesHttp.Error(json));
        Assert.Contains("'web_search'", ResponsesHttp.Error(json, "message"));
    }

    [Fact]
    public async Task An_empty_input_without_history_is_a_400_naming_input()
    {
        var body = ResponsesHttp.Body("");
        body["input"] = new JsonArray();

        var (status, json) = await ResponsesHttp.PostAsync(_http, "v1/responses", body);

        Assert.Equal((400, "input"), (status, ResponsesHttp.Error(json)));
    }

    [Fact]
    public async Task A_deleted_or_unstored_response_cannot_be_read_or_continued()
    {
        var stored = await CreateAsync(ResponsesHttp.Body("Lily had a dog"));
        var unstoredBody = ResponsesHttp.Body("Lily had a cat");
        unstoredBody["store"] = false;
        var unstored = await CreateAsync(unstoredBody);
        var id = stored.GetProperty("id").GetString();

        var (deleteStatus, deleted) = await ResponsesHttp.SendAsync(_http, HttpMethod.Delete, $"v1/responses/{id}");
        var (afterStatus, _) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}");
        var (againStatus, _) = await ResponsesHttp.SendAsync(_http, HttpMethod.Delete, $"v1/responses/{id}");
        var continued = ResponsesHttp.Body("and then?");
        continued["previous_response_id"] = unstored.GetProperty("id").GetString();
        var (continuedStatus, continuedError) = await ResponsesHttp.PostAsync(_http, "v1/responses", continued);

        Assert.Equal(200, deleteStatus);
        Assert.Equal($$"""{"id":"{{id}}","object":"response.deleted","deleted":true}""", deleted.GetRawText());
        Assert.Equal((404, 404), (afterStatus, againStatus));
        Assert.Equal((404, "previous_response_id"), (continuedStatus, ResponsesHttp.Error(continuedError)));
    }

    [Fact]
    public async Task Input_items_are_paged_in_both_orders()
    {
        var body = ResponsesHttp.Body("");
        body["input"] = JsonNode.Parse("""[{"role":"user","content":"one"},{"role":"user","content":"two"},{"role":"user","content":"three"}]""");
        var id = (await CreateAsync(body)).GetProperty("id").GetString();

        var (_, newest) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}/input_items?limit=2");
        var (_, rest) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}/input_items?limit=2&after={newest.GetProperty("last_id").GetString()}");
        var (_, oldest) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}/input_items?order=asc");
        var (badStatus, bad) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}/input_items?limit=101");

        static IEnumerable<string?> Texts(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("list", newest.GetProperty("object").GetString());
        Assert.Equal(["three", "two"], Texts(newest));
        Assert.True(newest.GetProperty("has_more").GetBoolean());
        Assert.Equal(["one"], Texts(rest));
        Assert.False(rest.GetProperty("has_more").GetBoolean());
        Assert.Equal(["one", "two", "three"], Texts(oldest));
        Assert.Equal(oldest.GetProperty("data")[0].GetProperty("id").GetString(), oldest.GetProperty("first_id").GetString());
        Assert.Equal((400, "limit"), (badStatus, ResponsesHttp.Error(bad)));
    }

    [Fact]
    public async Task A_chain_longer_than_the_context_is_refused_unless_truncation_is_auto()
    {
        // stories260K is served with a 2048-token context: two turns of about 1,200 tokens each do not fit together.
        var probe = ResponsesHttp.Body(Story(40), 1);
        probe["store"] = false;
        var tokensPer40 = (await CreateAsync(probe)).GetProperty("usage").GetProperty("input_tokens").GetInt32();
        var sentences = 40 * 1200 / tokensPer40;
        var first = await CreateAsync(ResponsesHttp.Body(Story(sentences), 4));
        var next = ResponsesHttp.Body(Story(sentences), 4);
        next["previous_response_id"] = first.GetProperty("id").GetString();

        var (refusedStatus, refused) = await ResponsesHttp.PostAsync(_http, "v1/responses", next);
        next["truncation"] = "auto";
        var truncated = await CreateAsync(next);

        Assert.Equal(400, refusedStatus);
        Assert.Equal(("input", "context_length_exceeded"), (ResponsesHttp.Error(refused), ResponsesHttp.Error(refused, "code")));
        Assert.Contains("2048", ResponsesHttp.Error(refused, "message"));
        Assert.Contains("truncation", ResponsesHttp.Error(refused, "message"));
        Assert.Equal("auto", truncated.GetProperty("truncation").GetString());
        Assert.True(truncated.GetProperty("usage").GetProperty("input_tokens").GetInt32() < 2048);
    }

    private static string Story(int sentences)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++) text.Append("The little cat sat on the mat and looked at the big red ball. ");
        return text.ToString();
    }

    [Fact]
    public async Task A_background_response_runs_to_the_end_without_its_client()
    {
        var body = ResponsesHttp.Body("Once upon a time", 24);
        body["background"] = true;

        var queued = await CreateAsync(body);
        var id = queued.GetProperty("id").GetString();
        JsonElement done;
        var polls = 0;
        do
        {
            await Task.Delay(50);
            (_, done) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}");
        }
        while (done.GetProperty("status").GetString() is "queued" or "in_progress" && ++polls < 600);
        var (cancelStatus, afterCancel) = await ResponsesHttp.PostAsync(_http, $"v1/responses/{id}/cancel", new JsonObject());

        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.True(queued.GetProperty("background").GetBoolean());
        Assert.Contains(done.GetProperty("status").GetString(), new[] { "completed", "incomplete" });
        Assert.NotEmpty(ResponsesHttp.OutputText(done));
        // A finished background response is not changed by a cancel.
        Assert.Equal(200, cancelStatus);
        Assert.Equal(done.GetProperty("status").GetString(), afterCancel.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_running_background_response_is_cancelled_and_only_background_ones_can_be()
    {
        var body = ResponsesHttp.Body("Once upon a time", 1900);
        body["background"] = true;
        body["temperature"] = 1;
        // A schema whose one string must run past 1,000 characters keeps the model writing for long enough to cancel it.
        body["text"] = JsonNode.Parse("""{"format":{"type":"json_schema","name":"long","schema":{"type":"object","properties":{"s":{"type":"string","minLength":1000}},"required":["s"]}}}""");
        var id = (await CreateAsync(body)).GetProperty("id").GetString();

        var (status, cancelled) = await ResponsesHttp.PostAsync(_http, $"v1/responses/{id}/cancel", new JsonObject());
        var (_, stored) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}");
        var foreground = await CreateAsync(ResponsesHttp.Body("Lily"));
        var (refusedStatus, refused) = await ResponsesHttp.PostAsync(_http, $"v1/responses/{foreground.GetProperty("id").GetString()}/cancel", new JsonObject());

        Assert.Equal(200, status);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", stored.GetProperty("status").GetString());
        Assert.Equal(400, refusedStatus);
        Assert.Contains("background", ResponsesHttp.Error(refused, "message"));
    }

    [Fact]
    public async Task Background_without_store_and_a_stream_of_a_background_response_are_400s()
    {
        var unstored = ResponsesHttp.Body("hi");
        unstored["background"] = true;
        unstored["store"] = false;
        var streamed = ResponsesHttp.Body("hi");
        streamed["background"] = true;
        streamed["stream"] = true;

        var (unstoredStatus, unstoredError) = await ResponsesHttp.PostAsync(_http, "v1/responses", unstored);
        var (streamedStatus, streamedError) = await ResponsesHttp.PostAsync(_http, "v1/responses", streamed);

        Assert.Equal((400, "background"), (unstoredStatus, ResponsesHttp.Error(unstoredError)));
        Assert.Equal((400, "stream"), (streamedStatus, ResponsesHttp.Error(streamedError)));
    }

    [Fact]
    public async Task A_stream_that_hits_max_output_tokens_ends_incomplete()
    {
        var events = await ResponsesHttp.StreamAsync(_http, ResponsesHttp.Body("Once upon a time", 3));

        Assert.Equal("response.incomplete", events[^1].Event);
        var response = events[^1].Data.GetProperty("response");
        Assert.Equal("max_output_tokens", response.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal(3, response.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
    }

    [Fact]
    public async Task Images_and_audio_reach_a_text_only_model_through_the_cascade_and_stay_in_the_chain()
    {
        var png = await TestImages.TextPngAsync("OMNIA READS THIS");
        var wav = await SpeechAudio.FliteWavAsync("What is the weather like today?");
        JsonObject Body(params JsonNode[] parts)
        {
            var body = ResponsesHttp.Body("", 4);
            body["input"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(parts) });
            return body;
        }
        JsonObject Text() => new() { ["type"] = "input_text", ["text"] = "What is this?" };

        var plain = await CreateAsync(Body(Text()));
        var media = await CreateAsync(Body(Text(),
            new JsonObject { ["type"] = "input_image", ["image_url"] = TestImages.DataUrl(png, "image/png"), ["detail"] = "low" },
            new JsonObject { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(wav), ["format"] = "wav" } }));
        var next = ResponsesHttp.Body("And?", 4);
        next["previous_response_id"] = media.GetProperty("id").GetString();
        var chained = await CreateAsync(next);

        static int Input(JsonElement response) => response.GetProperty("usage").GetProperty("input_tokens").GetInt32();
        Assert.True(Input(media) > Input(plain) + 15, $"{Input(media)} vs {Input(plain)}");
        Assert.True(Input(chained) > Input(media), $"{Input(chained)} vs {Input(media)}");
        var (_, items) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{media.GetProperty("id").GetString()}/input_items");
        Assert.Equal(["input_text", "input_image", "input_audio"], items.GetProperty("data")[0].GetProperty("content").EnumerateArray().Select(p => p.GetProperty("type").GetString()));
    }
}
