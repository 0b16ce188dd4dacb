using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Cli.Hosting;
using Omnia.Engines.Remote;
using OpenAI;
using OpenAI.Chat;

namespace Omnia.Server.Tests;

/// <summary>Omnia in front of another Omnia (real HTTP both ways), and in front of upstreams that fail.</summary>
public sealed class RemoteUpstreamTests
{
    private static Task<OmniaServerInstance> StartFrontAsync(params UpstreamSetting[] upstreams) =>
        OmniaServerInstance.StartAsync(new ServeSettings { ModelsDir = Path.GetTempPath(), Upstreams = upstreams });

    private static UpstreamSetting To(Uri baseUrl, string name = "story", string model = "stories260k") =>
        new() { Name = name, BaseUrl = baseUrl.ToString().TrimEnd('/'), Model = model, TimeoutSeconds = 10 };

    [Fact]
    public async Task A_remote_model_answers_like_the_local_one_streamed_and_not()
    {
        await using var back = await OmniaServerInstance.StartStoriesAsync();
        await using var front = await StartFrontAsync(To(new Uri(back.BaseAddress, "v1")));

        var direct = await ChatRequests.PostAsync(back.Http, ChatRequests.Body("Once upon a time", 20, seed: 3));
        var viaFront = ChatRequests.Body("Once upon a time", 20, seed: 3);
        viaFront["model"] = "story";
        var (status, proxied) = await ChatRequests.PostAsync(front.Http, viaFront);
        viaFront["stream"] = true;
        var (chunks, done, _) = await ChatRequests.StreamAsync(front.Http, viaFront);

        Assert.Equal(200, status);
        Assert.Equal(ChatRequests.Text(direct.Json), ChatRequests.Text(proxied));
        Assert.Equal("story", proxied.GetProperty("model").GetString());
        Assert.True(done);
        Assert.True(chunks.Count > 3, "streamed chunk by chunk");
        Assert.Equal(ChatRequests.Text(direct.Json), ChatRequests.StreamedText(chunks));
    }

    [Fact]
    public async Task The_openai_sdk_is_served_through_a_remote_model_exactly_as_locally()
    {
        await using var back = await OmniaServerInstance.StartStoriesAsync();
        await using var front = await StartFrontAsync(To(new Uri(back.BaseAddress, "v1")));
        var client = new ChatClient("story", new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri(front.BaseAddress, "v1") });

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Once")], new ChatCompletionOptions { MaxOutputTokenCount = 10 });
        var streamed = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Once")], new ChatCompletionOptions { MaxOutputTokenCount = 10 }))
            streamed += update.ContentUpdate.Count;

        Assert.NotEmpty(completion.Content[0].Text);
        Assert.True(streamed > 1);
    }

    [Fact]
    public async Task A_dead_upstream_is_skipped_before_the_first_token()
    {
        await using var back = await OmniaServerInstance.StartStoriesAsync();
        var dead = new Uri("http://127.0.0.1:1/v1");
        await using var front = await StartFrontAsync(To(dead), To(new Uri(back.BaseAddress, "v1")));
        var body = ChatRequests.Body("Hello", 5, seed: 1);
        body["model"] = "story";

        for (var i = 0; i < 4; i++)
        {
            var (status, _) = await ChatRequests.PostAsync(front.Http, body);
            Assert.Equal(200, status);
        }
        body["stream"] = true;
        Assert.True((await ChatRequests.StreamAsync(front.Http, body)).Done);
    }

    [Fact]
    public async Task An_upstream_answering_503_is_retried_on_another()
    {
        await using var back = await OmniaServerInstance.StartStoriesAsync();
        await using var busy = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        await using var front = await StartFrontAsync(To(busy.BaseUrl), To(new Uri(back.BaseAddress, "v1")));
        var body = ChatRequests.Body("Hello", 5, seed: 1);
        body["model"] = "story";

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++) statuses.Add((await ChatRequests.PostAsync(front.Http, body)).Status);

        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task An_upstream_that_fails_mid_stream_is_reported_as_an_error_chunk_not_retried()
    {
        await using var dropping = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.DropMidStream);
        await using var front = await StartFrontAsync(To(dropping.BaseUrl));
        var body = ChatRequests.Body("Hello", 5, stream: true);
        body["model"] = "story";

        var (chunks, done, _) = await ChatRequests.StreamAsync(front.Http, body);

        Assert.False(done, "a failed stream must not end with [DONE]");
        Assert.Contains("Once upon", ChatRequests.StreamedText(chunks.Where(c => c.TryGetProperty("choices", out _))));
        var error = chunks[^1].GetProperty("error");
        Assert.Contains("Upstream", error.GetProperty("message").GetString());
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        Assert.Equal(1, dropping.Requests);
    }

    [Fact]
    public async Task An_upstream_returning_garbage_is_a_502_naming_it()
    {
        await using var garbage = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.GarbageJson);
        await using var front = await StartFrontAsync(To(garbage.BaseUrl));
        var body = ChatRequests.Body("Hello", 5);
        body["model"] = "story";

        var (status, json) = await ChatRequests.PostAsync(front.Http, body);

        Assert.Equal(502, status);
        Assert.Contains($"{garbage.BaseUrl.Host}:{garbage.BaseUrl.Port}", json.GetProperty("error").GetProperty("message").GetString());
        var models = await front.Http.GetFromJsonAsync<JsonElement>("v1/models");
        Assert.Equal("ready", models.GetProperty("data")[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("story=http://h:1/v1", "story", "http://h:1/v1", null)]
    [InlineData("gpt=https://api.example/v1,model=gpt-4o,key=sk-1,timeout=30", "gpt", "https://api.example/v1", "gpt-4o")]
    public void Upstream_flags_parse(string flag, string name, string url, string? model)
    {
        var setting = UpstreamSetting.Parse(flag);

        Assert.Equal((name, url, model), (setting.Name, setting.BaseUrl, setting.Model));
    }

    [Fact]
    public void A_malformed_upstream_flag_is_a_clear_error()
    {
        Assert.Throws<FormatException>(() => UpstreamSetting.Parse("no-equals-sign"));
        Assert.Throws<FormatException>(() => UpstreamSetting.Parse("a=http://x,colour=blue"));
        Assert.Throws<FormatException>(() => UpstreamSetting.Parse("a=http://x,routing=random"));
        Assert.Throws<FormatException>(() => UpstreamSetting.Parse("a=http://x,routing=1"));
        Assert.Throws<FormatException>(() => UpstreamSetting.Parse("a=http://x,role=video"));
    }

    [Theory]
    [InlineData("a=http://x", false)]
    [InlineData("a=http://x,role=chat", false)]
    [InlineData("a=http://x,model=gpt-image-1,role=image", true)]
    public void An_upstream_serves_images_when_its_role_says_so(string flag, bool image) =>
        Assert.Equal(image, UpstreamSetting.Parse(flag).IsImage);

    [Theory]
    [InlineData(null, null, UpstreamRouting.PrefixAffinity)]
    [InlineData("least-in-flight", null, UpstreamRouting.LeastInFlight)]
    [InlineData("LeastInFlight", "least-in-flight", UpstreamRouting.LeastInFlight)]
    [InlineData(null, "prefix-affinity", UpstreamRouting.PrefixAffinity)]
    public void A_models_routing_is_the_one_its_upstreams_name(string? first, string? second, UpstreamRouting expected)
    {
        var upstreams = new[] { new UpstreamSetting { Name = "story", Routing = first }, new UpstreamSetting { Name = "story", Routing = second } };

        Assert.Equal(expected, UpstreamSetting.RoutingOf(upstreams));
    }

    [Fact]
    public async Task Upstreams_of_one_model_naming_different_routings_leave_it_failed_with_the_reason()
    {
        await using var front = await StartFrontAsync(
            To(new Uri("http://127.0.0.1:1/v1")) with { Routing = "least-in-flight" },
            To(new Uri("http://127.0.0.1:2/v1")) with { Routing = "prefix-affinity" });

        var model = (await front.Http.GetFromJsonAsync<JsonElement>("v1/models")).GetProperty("data")[0];

        Assert.Equal("failed", model.GetProperty("status").GetString());
        Assert.Contains("different routings", model.GetProperty("error").GetString());
    }
}
