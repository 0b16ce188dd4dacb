using System.Net.Http.Json;
using System.Text.Json;

namespace Omnia.Server.Tests;

[Collection(StoriesServerCollection.Name)]
public sealed class ModelsAndHealthTests(StoriesServerFixture fixture)
{
    private readonly HttpClient _http = fixture.Server.Http;

    [Fact]
    public async Task Models_are_listed_in_the_openai_shape()
    {
        var list = await _http.GetFromJsonAsync<JsonElement>("v1/models");
        var one = await _http.GetFromJsonAsync<JsonElement>("v1/models/stories260k");

        Assert.Equal("list", list.GetProperty("object").GetString());
        var model = list.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "stories260k");
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal("omnia", model.GetProperty("owned_by").GetString());
        Assert.True(model.GetProperty("created").GetInt64() > 1_700_000_000);
        Assert.Equal("ready", model.GetProperty("status").GetString());
        Assert.Equal("stories260k", one.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_unknown_model_id_is_a_404()
    {
        using var response = await _http.GetAsync("v1/models/nope");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("model_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_is_ok_when_the_model_is_loaded()
    {
        var health = await _http.GetFromJsonAsync<JsonElement>("health");

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_expose_requests_tokens_and_queue_depth_for_prometheus()
    {
        await ChatRequests.PostAsync(_http, ChatRequests.Body("Hello", 5, seed: 1));

        var metrics = await _http.GetStringAsync("metrics");

        Assert.Contains("omnia_http_requests_total", metrics);
        Assert.Contains("omnia_http_request_duration_seconds_bucket", metrics);
        Assert.Contains("omnia_chat_completion_tokens_total", metrics);
        Assert.Contains("omnia_chat_tokens_per_second", metrics);
        Assert.Contains("omnia_llama_queue_depth", metrics);
    }
}
