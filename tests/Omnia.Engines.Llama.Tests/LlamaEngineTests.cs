using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Errors;
using Omnia.Tests;

namespace Omnia.Engines.Llama.Tests;

public sealed class LlamaEngineTests(Stories260KModel fixture) : IClassFixture<Stories260KModel>
{
    private readonly IChatClient _client = fixture.Model.CreateChatClient("stories260k");

    private static ChatOptions Endless(int maxTokens, long seed = 1) =>
        new() { MaxOutputTokens = maxTokens, Seed = seed, AdditionalProperties = new() { ["ignore_eos"] = true } };

    [Fact]
    public async Task Cancelling_a_request_stops_its_decoding_and_frees_its_slot()
    {
        using var cancel = new CancellationTokenSource();
        var received = 0;
        var ex = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in _client.GetStreamingResponseAsync([new(ChatRole.User, "Once")], Endless(200), cancel.Token))
                if (++received == 3) await cancel.CancelAsync();
        });

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        for (var i = 0; i < 200 && fixture.Model.Counters.ActiveRequests > 0; i++) await Task.Delay(10);
        Assert.Equal(0, fixture.Model.Counters.ActiveRequests);
        var after = await _client.GetResponseAsync([new(ChatRole.User, "Once")], Endless(5));
        Assert.Equal(5, after.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task A_consumer_that_stops_reading_early_also_stops_the_generation()
    {
        var before = fixture.Model.Counters.GeneratedTokens;
        await foreach (var _ in _client.GetStreamingResponseAsync([new(ChatRole.User, "Once")], Endless(200)))
            break;

        for (var i = 0; i < 200 && fixture.Model.Counters.ActiveRequests > 0; i++) await Task.Delay(10);
        Assert.Equal(0, fixture.Model.Counters.ActiveRequests);
        Assert.InRange(fixture.Model.Counters.GeneratedTokens - before, 1, 199);
    }

    [Fact]
    public async Task An_enum_schema_constrains_the_answer_to_its_values()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"colour":{"enum":["red","green","blue"]},"n":{"type":"integer"}},"required":["colour","n"]}""").RootElement;

        foreach (var seed in new long[] { 1, 2, 3 })
        {
            var response = await _client.GetResponseAsync([new(ChatRole.User, "Pick a colour")],
                new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), MaxOutputTokens = 80, Seed = seed });
            using var answer = JsonDocument.Parse(response.Text);
            Assert.Contains(answer.RootElement.GetProperty("colour").GetString(), new[] { "red", "green", "blue" });
        }
    }

    [Fact]
    public async Task A_schema_with_references_and_optional_fields_still_produces_valid_json()
    {
        var schema = JsonDocument.Parse("""
            {"type":"object","$defs":{"point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}},
             "properties":{"a":{"$ref":"#/$defs/point"},"label":{"type":["string","null"],"maxLength":6},"tags":{"type":"array","items":{"const":"t"},"maxItems":2}},
             "required":["a"]}
            """).RootElement;

        var response = await _client.GetResponseAsync([new(ChatRole.User, "A point")],
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), MaxOutputTokens = 150, Seed = 9 });

        using var answer = JsonDocument.Parse(response.Text);
        Assert.Equal(JsonValueKind.Number, answer.RootElement.GetProperty("a").GetProperty("x").ValueKind);
    }

    [Fact]
    public async Task A_schema_feature_the_grammar_cannot_express_is_a_clear_invalid_request()
    {
        var schema = JsonDocument.Parse("""{"allOf":[{"type":"object"}]}""").RootElement;

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            _client.GetResponseAsync([new(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) }));

        Assert.Equal("response_format", error.Param);
    }

    [Fact]
    public async Task A_model_whose_template_has_no_tools_refuses_tool_requests()
    {
        var tool = AIFunctionFactory.CreateDeclaration("f", null, JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            _client.GetResponseAsync([new(ChatRole.User, "x")], new ChatOptions { Tools = [tool] }));

        Assert.Equal("tools_not_supported", error.Code);
    }

    [Fact]
    public async Task Temperature_zero_takes_the_fast_argmax_and_matches_the_sampler_chain()
    {
        var fast = await _client.GetResponseAsync([new(ChatRole.User, "Once upon a time")], new ChatOptions { Temperature = 0, MaxOutputTokens = 40 });
        // A repeat penalty of 1.0001 changes nothing measurable but takes the full sampler chain.
        var chain = await _client.GetResponseAsync([new(ChatRole.User, "Once upon a time")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 40, AdditionalProperties = new() { ["repeat_penalty"] = 1.0001f } });

        Assert.NotEmpty(fast.Text);
        Assert.Equal(chain.Text, fast.Text);
    }

    [Fact]
    public async Task The_chat_template_changes_the_prompt_the_model_sees()
    {
        var plain = await _client.GetResponseAsync([new(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 1 });
        var withSystem = await _client.GetResponseAsync([new(ChatRole.System, "You tell stories."), new(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 1 });

        Assert.True(withSystem.Usage!.InputTokenCount > plain.Usage!.InputTokenCount);
    }
}

public sealed class LlamaModelLoadingTests
{
    [Fact]
    public void A_file_that_is_not_a_gguf_fails_to_load_with_an_exception_not_a_crash()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "definitely not a model");
            Assert.ThrowsAny<Exception>(() => LlamaModel.Load(new LlamaEngineOptions { ModelPath = path }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_options_are_refused_before_anything_is_loaded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 0 }));
        Assert.Throws<FileNotFoundException>(() => LlamaModel.Load(new LlamaEngineOptions { ModelPath = "/nonexistent/model.gguf" }));
    }

    [Fact]
    public async Task A_full_queue_refuses_new_requests_instead_of_growing()
    {
        using var model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 1, MaxQueuedRequests = 1, ContextSize = 1024, Threads = 1 });
        var client = model.CreateChatClient("stories260k");
        var options = new ChatOptions { MaxOutputTokens = 900, AdditionalProperties = new() { ["ignore_eos"] = true } };

        var requests = Enumerable.Range(0, 4).Select(_ => client.GetResponseAsync([new(ChatRole.User, "Once")], options)).ToList();
        var outcomes = await Task.WhenAll(requests.Select(async r => await Record.ExceptionAsync(() => r)));

        Assert.Contains(outcomes, e => e is EngineOverloadedException);
        Assert.Contains(outcomes, e => e is null);
        Assert.All(outcomes, e => Assert.True(e is null or EngineOverloadedException, e?.ToString()));
    }

    [Fact]
    public async Task The_mmap_load_mode_serves_the_same_answers()
    {
        using var read = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 1, LoadMode = ModelLoadMode.Read });
        using var mapped = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 1, LoadMode = ModelLoadMode.Mmap });
        var options = new ChatOptions { MaxOutputTokens = 20, Seed = 5 };

        var a = await read.CreateChatClient("a").GetResponseAsync([new(ChatRole.User, "Tom")], options);
        var b = await mapped.CreateChatClient("b").GetResponseAsync([new(ChatRole.User, "Tom")], options);

        Assert.Equal(a.Text, b.Text);
    }

    [Fact]
    public async Task A_request_moved_into_the_sequence_a_finished_one_left_keeps_its_context()
    {
        // A model of its own, so sequence ids and counters see only these requests.
        using var model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 4, ContextSize = 512, Threads = 2 });
        var client = model.CreateChatClient("stories260k");
        static ChatOptions Greedy(int tokens) => new() { Temperature = 0, MaxOutputTokens = tokens, AdditionalProperties = new() { ["ignore_eos"] = true } };

        // They take sequences 0, 1 and 2; the short one ends first and the third moves into its sequence mid-answer.
        // The first runs longer, so the third never decodes alone (a batch of one may round differently).
        var first = client.GetResponseAsync([new(ChatRole.User, "Once upon a time")], Greedy(340));
        var brief = client.GetResponseAsync([new(ChatRole.User, "A cat sat")], Greedy(4));
        var third = client.GetResponseAsync([new(ChatRole.User, "Once upon a time")], Greedy(300));
        var answers = await Task.WhenAll(first, brief, third);

        Assert.True(model.Counters.SequencesMoved >= 1, $"{model.Counters.SequencesMoved} moves");
        Assert.Equal(300, answers[2].Usage!.OutputTokenCount);
        // Same prompt, greedy, decoded side by side: any KV cell lost or misplaced in the move would change the words.
        Assert.StartsWith(answers[2].Text, answers[0].Text);
    }

    [Fact]
    public async Task A_long_prompt_arriving_beside_a_stream_is_prefilled_in_pieces_while_the_stream_goes_on()
    {
        // A model of its own: its pacer has measured nothing, so the first piece is the pacer's first chunk.
        using var model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 2, ContextSize = 1024, Threads = 2 });
        var client = model.CreateChatClient("stories260k");
        var longPrompt = string.Concat(Enumerable.Repeat("The little dog ran to the park and played with a ball. ", 30));
        static ChatOptions Endless(int tokens) => new() { MaxOutputTokens = tokens, Seed = 1, AdditionalProperties = new() { ["ignore_eos"] = true } };

        using var stop = new CancellationTokenSource();
        await using var stream = client.GetStreamingResponseAsync([new(ChatRole.User, "Once upon a time")], Endless(5000), stop.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        var streamed = 0;
        var reading = Task.Run(async () =>
        {
            try
            {
                while (await stream.MoveNextAsync()) Interlocked.Increment(ref streamed);
            }
            catch (OperationCanceledException)
            {
            }
        });
        var promptSteps = model.Counters.PromptSteps;

        var answer = client.GetStreamingResponseAsync([new(ChatRole.User, longPrompt)], Endless(1)).GetAsyncEnumerator();
        var before = Volatile.Read(ref streamed);
        Assert.True(await answer.MoveNextAsync());
        var during = Volatile.Read(ref streamed) - before;
        await answer.DisposeAsync();
        await stop.CancelAsync();
        await reading;

        var prompt = model.Counters.PromptSteps - promptSteps;
        Assert.True(prompt >= 2, $"{prompt} steps held the long prompt");
        Assert.True(during >= prompt - 1, $"the stream got {during} tokens while the prompt took {prompt} steps");
    }
}
