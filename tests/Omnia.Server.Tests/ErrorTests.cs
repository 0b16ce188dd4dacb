using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests;

[Collection(StoriesServerCollection.Name)]
public sealed class ErrorTests(StoriesServerFixture fixture)
{
    private readonly HttpClient _http = fixture.Server.Http;

    private static void AssertError(JsonElement json, string? param, string? code)
    {
        var error = json.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.Equal(param, error.GetProperty("param").GetString());
        if (code is not null) Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{bad json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    public async Task Malformed_json_is_a_400(string content)
    {
        var (status, json) = await ChatRequests.PostRawAsync(_http, content);

        Assert.Equal(400, status);
        AssertError(json, null, "invalid_json");
    }

    [Theory]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"max_tokens":"many"}""", "max_tokens")]
    [InlineData("""{"model":"stories260k","messages":"hi"}""", "messages")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"temperature":3}""", "temperature")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"top_p":0}""", "top_p")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"stop":[1]}""", "stop")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"n":2}""", "n")]
    [InlineData("""{"model":"stories260k","messages":[]}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"xml"}}""", "response_format.type")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":"hi"}],"tool_choice":"required"}""", "tool_choice")]
    [InlineData("""{"model":"stories260k","messages":[{"role":"user","content":[{"type":"video","video":{}}]}]}""", "messages[0].content[0].type")]
    public async Task Wrong_types_and_values_are_400s_naming_the_param(string content, string param)
    {
        var (status, json) = await ChatRequests.PostRawAsync(_http, content);

        Assert.Equal(400, status);
        AssertError(json, param, null);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_model_not_found()
    {
        var body = ChatRequests.Body("hi", 4);
        body["model"] = "no-such-model";

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(404, status);
        AssertError(json, "model", "model_not_found");
    }

    [Fact]
    public async Task A_catalog_model_that_is_not_installed_is_a_404_with_the_command_that_installs_it()
    {
        var body = ChatRequests.Body("hi", 4);
        body["model"] = "qwen2.5-omni-3b";

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(404, status);
        Assert.Contains("omnia pull qwen2.5-omni-3b", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("../stories260k")]
    [InlineData("/stories260k")]
    [InlineData("models//stories260k")]
    [InlineData("./stories260k")]
    [InlineData("..")]
    public async Task Model_names_that_look_like_paths_are_rejected(string model)
    {
        var body = ChatRequests.Body("hi", 4);
        body["model"] = model;

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(400, status);
        AssertError(json, "model", "invalid_model_name");
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_a_400_context_length_exceeded()
    {
        var body = ChatRequests.Body(string.Join(' ', Enumerable.Repeat("once upon a time", 1600)), 4);

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(400, status);
        AssertError(json, "messages", "context_length_exceeded");
    }

    [Fact]
    public async Task An_image_for_a_text_only_model_is_a_400()
    {
        var body = JsonNode.Parse("""
            {"model":"stories260k","messages":[{"role":"user","content":[{"type":"text","text":"what is this"},
             {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}
            """)!.AsObject();

        var (status, json) = await ChatRequests.PostAsync(_http, body);

        Assert.Equal(400, status);
        Assert.Contains("image", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_routes_answer_in_the_error_shape()
    {
        using var response = await _http.GetAsync("v1/nothing-here");

        Assert.Equal(404, (int)response.StatusCode);
        AssertError(await response.Content.ReadFromJsonAsync<JsonElement>(), null, "unknown_url");
    }

    [Fact]
    public async Task The_server_keeps_answering_after_bad_requests()
    {
        for (var i = 0; i < 20; i++)
            await ChatRequests.PostRawAsync(_http, "{\"model\":" + new string('[', i));

        var (status, _) = await ChatRequests.PostAsync(_http, ChatRequests.Body("hi", 3));

        Assert.Equal(200, status);
    }
}
