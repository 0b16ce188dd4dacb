using Microsoft.Extensions.AI;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omnia.Engines.Llama;
using Omnia.Moderation;

namespace Omnia.Server.Tests;

/// <summary>
/// <c>/v1/moderations</c> through the real engine with stories260K as the guard (it writes stories, so only the
/// shape is asserted: its answer is held to Llama Guard's format by the guard grammar), and with a scripted guard
/// for the exact category mapping.
/// </summary>
public sealed class ModerationsEndpointTests(ModerationServerFixture fixture) : IClassFixture<ModerationServerFixture>
{
    private const string Guard = "stories260k-moderation";
    private readonly OmniaServerInstance _server = fixture.Server;
    private readonly ScriptedGuardChatClientFake _scripted = fixture.ScriptedGuard;

    private Task<(int Status, JsonElement Json)> PostAsync(string content) =>
        ChatRequests.PostRawAsync(_server.Http, content, "v1/moderations");

    private static void AssertWellFormed(JsonElement result)
    {
        Assert.Contains(result.GetProperty("flagged").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        var categories = result.GetProperty("categories");
        var scores = result.GetProperty("category_scores");
        var applied = result.GetProperty("category_applied_input_types");
        Assert.Equal(ModerationCategories.All, categories.EnumerateObject().Select(p => p.Name));
        foreach (var name in ModerationCategories.All)
        {
            Assert.Contains(categories.GetProperty(name).ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.InRange(scores.GetProperty(name).GetDouble(), 0, 1);
            Assert.Equal(["text"], applied.GetProperty(name).EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task A_string_is_moderated_end_to_end_by_the_guard_model_through_the_engine()
    {
        var (status, json) = await PostAsync("""{"input":"I want to bake bread with my grandmother."}""");

        Assert.Equal(200, status);
        Assert.StartsWith("modr-", json.GetProperty("id").GetString());
        Assert.Equal(Guard, json.GetProperty("model").GetString());
        AssertWellFormed(Assert.Single(json.GetProperty("results").EnumerateArray()));
    }

    [Fact]
    public async Task An_array_of_strings_gets_one_result_each_and_multimodal_text_parts_one_together()
    {
        var (strings, many) = await PostAsync("""{"model":"omni-moderation-latest","input":["one","two","three"]}""");
        var (parts, one) = await PostAsync("""{"input":[{"type":"text","text":"a cat"},{"type":"text","text":"a dog"}]}""");

        Assert.Equal((200, 200), (strings, parts));
        Assert.Equal(3, many.GetProperty("results").GetArrayLength());
        Assert.Equal(1, one.GetProperty("results").GetArrayLength());
        foreach (var result in many.GetProperty("results").EnumerateArray().Concat(one.GetProperty("results").EnumerateArray()))
            AssertWellFormed(result);
    }

    [Fact]
    public async Task The_guards_verdict_maps_to_openai_categories_with_scores()
    {
        var (status, json) = await PostAsync("""{"model":"scripted-guard","input":"anything"}""");

        Assert.Equal(200, status);
        Assert.Equal("scripted-guard", json.GetProperty("model").GetString());
        var result = Assert.Single(json.GetProperty("results").EnumerateArray());
        Assert.True(result.GetProperty("flagged").GetBoolean());
        var flagged = result.GetProperty("categories").EnumerateObject().Where(p => p.Value.GetBoolean()).Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["hate", "illicit/violent", "violence"], flagged);
        Assert.Equal(1.0, result.GetProperty("category_scores").GetProperty("hate").GetDouble());
        Assert.Equal(0.0, result.GetProperty("category_scores").GetProperty("sexual").GetDouble());
        Assert.Contains(_scripted.Prompts, p => p.Contains("User: anything\n\n<END CONVERSATION>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{}""", "input", "missing_required_parameter")]
    [InlineData("""{"input":null}""", "input", "missing_required_parameter")]
    [InlineData("""{"input":5}""", "input", "invalid_type")]
    [InlineData("""{"input":{"text":"hi"}}""", "input", "invalid_type")]
    [InlineData("""{"input":[]}""", "input", "empty_array")]
    [InlineData("""{"input":[1,"a"]}""", "input[0]", "invalid_type")]
    [InlineData("""{"input":["a",1]}""", "input[1]", "invalid_type")]
    [InlineData("""{"input":[{"type":"text","text":"a"},"b"]}""", "input[1]", "invalid_type")]
    [InlineData("""{"input":[{"type":"text","text":5}]}""", "input[0].text", "invalid_type")]
    [InlineData("""{"input":[{"type":"audio"}]}""", "input[0].type", "invalid_value")]
    [InlineData("""{"input":[{"type":"image_url","image_url":"x"}]}""", "input[0].image_url", "invalid_type")]
    [InlineData("""{"input":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}""", "input[0]", "unsupported_input_type")]
    [InlineData("""{"input":"hi","model":5}""", "model", "invalid_type")]
    [InlineData("""{"input":"hi","model":"stories260k"}""", "model", "model_not_moderation")]
    public async Task Bad_input_is_a_400_naming_the_param(string content, string param, string code)
    {
        var (status, json) = await PostAsync(content);

        Assert.Equal(400, status);
        Assert.Equal(param, json.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(code, json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Too_many_inputs_are_a_400()
    {
        var body = new JsonObject { ["input"] = new JsonArray(Enumerable.Range(0, 33).Select(i => (JsonNode)$"t{i}").ToArray()) };
        using var response = await _server.Http.PostAsJsonAsync("v1/moderations", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("input", json.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_and_a_catalog_guard_says_how_to_install_it()
    {
        var (status, json) = await PostAsync("""{"input":"hi","model":"llama-guard-3-1b"}""");

        Assert.Equal(404, status);
        Assert.Contains("omnia pull llama-guard-3-1b", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_guarded_chat_is_checked_by_the_guard_model_on_the_way_in_and_out()
    {
        var guard = _server.Registry.Find(Guard)!.ChatClient!.GetService<LlamaEngineCounters>()!;
        var before = guard.CompletedRequests;

        var (status, json) = await ChatRequests.PostAsync(_server.Http, ChatRequests.Body("Once upon a time", 24, seed: 7));

        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
        Assert.Equal(2, guard.CompletedRequests - before);
    }

    [Fact]
    public async Task A_guard_answer_outside_the_format_is_a_502_engine_error_not_a_guess()
    {
        var (status, json) = await PostAsync("""{"model":"babbling-guard","input":"hi"}""");

        Assert.Equal(502, status);
        Assert.Equal("engine_error", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("Once upon a time", json.GetProperty("error").GetProperty("message").GetString());
    }
}
