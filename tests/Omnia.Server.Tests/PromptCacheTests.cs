using System.Text.Json;
using System.Text.Json.Nodes;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests;

/// <summary>The prompt cache as clients see it: OpenAI's <c>cached_tokens</c> in chat and realtime usage, and its switches.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class PromptCacheTests(StoriesServerFixture fixture)
{
    private readonly HttpClient _http = fixture.Server.Http;

    private static JsonObject Conversation(params string[] turns)
    {
        var messages = new JsonArray { new JsonObject { ["role"] = "system", ["content"] = "You tell short stories about a cat called Tom and his friends in the village." } };
        for (var i = 0; i < turns.Length; i++)
            messages.Add(new JsonObject { ["role"] = i % 2 == 0 ? "user" : "assistant", ["content"] = turns[i] });
        return new JsonObject { ["model"] = "stories260k", ["messages"] = messages, ["max_tokens"] = 16, ["temperature"] = 0 };
    }

    private static int Cached(JsonElement usage) => usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32();

    [Fact]
    public async Task The_next_turn_reports_the_previous_turns_prompt_as_cached_tokens_streamed_and_not()
    {
        var (_, first) = await ChatRequests.PostAsync(_http, Conversation("Tom found a red ball in the garden"));
        var answer = ChatRequests.Text(first);
        var firstPrompt = first.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();

        var (_, second) = await ChatRequests.PostAsync(_http, Conversation("Tom found a red ball in the garden", answer, "What did he do?"));
        Assert.True(Cached(second.GetProperty("usage")) >= 0.8 * firstPrompt, second.GetProperty("usage").ToString());

        var streamed = Conversation("Tom found a red ball in the garden", answer, "What did he do?", ChatRequests.Text(second), "And then?");
        streamed["stream"] = true;
        streamed["stream_options"] = new JsonObject { ["include_usage"] = true };
        var (chunks, _, _) = await ChatRequests.StreamAsync(_http, streamed);
        Assert.True(Cached(chunks[^1].GetProperty("usage")) >= 0.8 * second.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Cache_prompt_false_decodes_the_whole_prompt_and_a_wrong_type_is_a_400()
    {
        var body = Conversation("Lily had a little dog");
        await ChatRequests.PostAsync(_http, body);
        body["cache_prompt"] = false;

        var (_, whole) = await ChatRequests.PostAsync(_http, body);
        Assert.Equal(0, Cached(whole.GetProperty("usage")));

        body["cache_prompt"] = "no";
        var (status, error) = await ChatRequests.PostAsync(_http, body);
        Assert.Equal(400, status);
        Assert.Equal("cache_prompt", error.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_realtime_conversation_reports_cached_tokens_on_its_second_response()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(fixture.Server.BaseAddress);
        await client.SendAsync(new { type = "session.update", session = new { type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 12, audio = new { input = new { turn_detection = (object?)null } } } });
        async Task<JsonElement> TurnAsync(string text, string? after)
        {
            await client.SendAsync(new { type = "conversation.item.create", item = new { type = "message", role = "user", content = new[] { new { type = "input_text", text } } } });
            await client.SendAsync(new { type = "response.create" });
            return (await client.WaitForAsync("response.done", where: e => e.GetProperty("response").GetProperty("id").GetString() != after)).GetProperty("response");
        }

        var first = await TurnAsync("Once upon a time there was a cat", null);
        var second = await TurnAsync("What was its name?", first.GetProperty("id").GetString());

        var cached = second.GetProperty("usage").GetProperty("input_token_details").GetProperty("cached_tokens").GetInt32();
        Assert.True(cached >= 0.8 * first.GetProperty("usage").GetProperty("input_tokens").GetInt32(), second.GetProperty("usage").ToString());
    }
}

/// <summary>A server started with the prompt cache off (<c>--no-prompt-cache</c>) prefills every prompt whole.</summary>
public sealed class PromptCacheOffTests
{
    [Fact]
    public async Task With_the_cache_off_no_turn_reports_cached_tokens()
    {
        await using var server = await OmniaServerInstance.StartAsync(new ServeSettings { ChatModel = "stories260k", Parallel = 2, ContextSize = 512, Threads = 1, PromptCache = false });
        var body = new JsonObject { ["model"] = "stories260k", ["messages"] = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = "Once upon a time" } }, ["max_tokens"] = 4 };

        await ChatRequests.PostAsync(server.Http, body);
        var (_, again) = await ChatRequests.PostAsync(server.Http, body);

        Assert.Equal(0, again.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, server.Counters.CachedPromptTokens);
    }
}
