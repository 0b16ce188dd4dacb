using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Conversations;
using OpenAI.Responses;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// The official OpenAI .NET SDK's Responses and Conversations clients, unchanged, against stories260K: run on each
/// store by a subclass that gives the server.
/// </summary>
public abstract class ResponsesSdkTests(OmniaServerInstance server)
{
    private readonly ResponsesClient _responses = new(new ApiKeyCredential("any"), new ResponsesClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });
    private readonly ConversationClient _conversations = new(new ApiKeyCredential("any"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });

    private static CreateResponseOptions Options(string input, int maxTokens = 16) => new("stories260k", [ResponseItem.CreateUserMessageItem(input)])
    {
        MaxOutputTokenCount = maxTokens,
        Temperature = 0,
    };

    private static readonly BinaryData TimeParameters =
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string","maxLength":10}},"required":["city"]}""");

    [Fact]
    public async Task The_sdk_creates_and_retrieves_a_stored_response()
    {
        ResponseResult created = await _responses.CreateResponseAsync(Options("Once upon a time"));
        ResponseResult retrieved = await _responses.GetResponseAsync(created.Id);

        Assert.StartsWith("resp_", created.Id);
        Assert.True(created.Id.Length >= "resp_".Length + 32);
        Assert.Contains(created.Status, new ResponseStatus?[] { ResponseStatus.Completed, ResponseStatus.Incomplete });
        Assert.NotEmpty(created.GetOutputText());
        Assert.True(created.Usage.OutputTokenCount is > 0 and <= 16);
        Assert.Equal(created.Usage.InputTokenCount + created.Usage.OutputTokenCount, created.Usage.TotalTokenCount);
        Assert.Equal(created.GetOutputText(), retrieved.GetOutputText());
        Assert.Equal(created.Status, retrieved.Status);
        Assert.Equal("stories260k", retrieved.Model);
    }

    [Fact]
    public async Task The_sdk_streams_the_full_event_sequence_numbered_in_order()
    {
        var updates = new List<StreamingResponseUpdate>();
        var options = Options("Once upon a time");
        options.StreamingEnabled = true;
        await foreach (var update in _responses.CreateResponseStreamingAsync(options))
            updates.Add(update);

        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(u => u.SequenceNumber));
        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        Assert.IsType<StreamingResponseInProgressUpdate>(updates[1]);
        Assert.IsType<StreamingResponseOutputItemAddedUpdate>(updates[2]);
        Assert.IsType<StreamingResponseContentPartAddedUpdate>(updates[3]);
        var deltas = updates.Skip(4).TakeWhile(u => u is StreamingResponseOutputTextDeltaUpdate).Cast<StreamingResponseOutputTextDeltaUpdate>().ToList();
        Assert.NotEmpty(deltas);
        var rest = updates.Skip(4 + deltas.Count).ToList();
        Assert.IsType<StreamingResponseOutputTextDoneUpdate>(rest[0]);
        Assert.IsType<StreamingResponseContentPartDoneUpdate>(rest[1]);
        Assert.IsType<StreamingResponseOutputItemDoneUpdate>(rest[2]);
        var final = rest[3] switch
        {
            StreamingResponseCompletedUpdate completed => completed.Response,
            StreamingResponseIncompleteUpdate incomplete => incomplete.Response,
            var other => throw new Xunit.Sdk.XunitException($"Unexpected last event {other.GetType().Name}"),
        };
        Assert.Equal(4, rest.Count);
        Assert.Equal(string.Concat(deltas.Select(d => d.Delta)), final.GetOutputText());
        Assert.Equal(final.GetOutputText(), ((StreamingResponseOutputTextDoneUpdate)rest[0]).Text);
        Assert.Equal(final.GetOutputText(), (await _responses.GetResponseAsync(final.Id)).Value.GetOutputText());
    }

    [Fact]
    public async Task A_previous_response_id_chain_keeps_its_history_and_its_prompt_cache()
    {
        var options = Options("Tom found a red ball in the garden. He kicked it over the fence and ran after it");
        options.Instructions = "You tell short stories about a cat called Tom.";
        ResponseResult first = await _responses.CreateResponseAsync(options);
        var next = Options("What did he do next?");
        next.PreviousResponseId = first.Id;
        // Instructions are not carried over from the previous response (as OpenAI does): sent again, they keep the prefix.
        next.Instructions = options.Instructions;

        ResponseResult second = await _responses.CreateResponseAsync(next);

        Assert.Equal(first.Id, second.PreviousResponseId);
        // The whole first turn is in the second prompt, and the engine kept it cached under the chain's key.
        Assert.True(second.Usage.InputTokenCount > first.Usage.InputTokenCount + first.Usage.OutputTokenCount / 2, $"{second.Usage.InputTokenCount} vs {first.Usage.InputTokenCount}");
        Assert.True(second.Usage.InputTokenDetails.CachedTokenCount >= 0.8 * first.Usage.InputTokenCount,
            $"cached {second.Usage.InputTokenDetails.CachedTokenCount} of {first.Usage.InputTokenCount}");
    }

    [Fact]
    public async Task A_function_tool_round_trip_through_the_grammar_and_function_call_output()
    {
        var options = Options("What time is it in Oslo?", 100);
        options.Tools.Add(ResponseTool.CreateFunctionTool("get_time", TimeParameters, strictModeEnabled: true, "Current time in a city"));
        options.ToolChoice = ResponseToolChoice.CreateRequiredChoice();

        ResponseResult asked = await _responses.CreateResponseAsync(options);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(asked.OutputItems));
        Assert.Equal("get_time", call.FunctionName);
        Assert.True(JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.TryGetProperty("city", out _));
        Assert.StartsWith("fc_", call.Id);

        var answer = new CreateResponseOptions("stories260k", [ResponseItem.CreateFunctionCallOutputItem(call.CallId, "It is noon.")])
        {
            PreviousResponseId = asked.Id,
            MaxOutputTokenCount = 12,
            Temperature = 0,
        };
        answer.Tools.Add(options.Tools[0]);
        ResponseResult answered = await _responses.CreateResponseAsync(answer);

        Assert.Contains(answered.Status, new ResponseStatus?[] { ResponseStatus.Completed, ResponseStatus.Incomplete });
        Assert.IsType<MessageResponseItem>(Assert.Single(answered.OutputItems), exactMatch: false);
        var input = new List<ResponseItem>();
        await foreach (var item in _responses.GetResponseInputItemsAsync(new ResponseItemCollectionOptions(answered.Id))) input.Add(item);
        Assert.Equal(call.CallId, Assert.IsType<FunctionCallOutputResponseItem>(Assert.Single(input)).CallId);
    }

    [Fact]
    public async Task Json_schema_output_parses_and_fits_the_schema()
    {
        var options = Options("Describe a pet as JSON.", 120);
        options.TextOptions = new ResponseTextOptions
        {
            TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("pet", BinaryData.FromString("""
                {"type":"object","properties":{"name":{"type":"string","maxLength":12},"kind":{"type":"string","enum":["cat","dog","bird"]},"friendly":{"type":"boolean"}},
                 "required":["name","kind","friendly"],"additionalProperties":false}
                """), jsonSchemaFormatDescription: null, jsonSchemaIsStrict: true),
        };

        ResponseResult response = await _responses.CreateResponseAsync(options);

        Assert.Equal(ResponseStatus.Completed, response.Status);
        using var pet = JsonDocument.Parse(response.GetOutputText());
        Assert.True(pet.RootElement.GetProperty("name").GetString()!.Length <= 12);
        Assert.Contains(pet.RootElement.GetProperty("kind").GetString(), new[] { "cat", "dog", "bird" });
        Assert.Equal(ResponseTextFormatKind.JsonSchema, response.TextOptions.TextFormat.Kind);
    }

    [Fact]
    public async Task A_deleted_response_is_gone()
    {
        ResponseResult created = await _responses.CreateResponseAsync(Options("Lily had a dog"));

        ResponseDeletionResult deleted = await _responses.DeleteResponseAsync(created.Id);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => _responses.GetResponseAsync(created.Id));

        Assert.True(deleted.Deleted);
        Assert.Equal(created.Id, deleted.ResponseId);
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task The_sdk_creates_a_conversation_a_response_appends_to_it_and_its_metadata_updates()
    {
        ConversationResource conversation = await _conversations.CreateConversationAsync(new ConversationCreationOptions
        {
            Items = { ResponseItem.CreateSystemMessageItem("You tell stories about Tom."), ResponseItem.CreateUserMessageItem("Tom is a cat.") },
            Metadata = { ["topic"] = "tom" },
        });
        var options = Options("What did Tom do?");
        options.ConversationOptions = new ResponseConversationOptions(conversation.Id);

        ResponseResult response = await _responses.CreateResponseAsync(options);
        ConversationResource updated = await _conversations.UpdateConversationAsync(conversation.Id, new ConversationUpdateOptions { Metadata = { ["topic"] = "cats" } });
        var items = JsonDocument.Parse((await _conversations.GetConversationItemsAsync(conversation.Id, order: "asc").GetRawPagesAsync().FirstAsync()).GetRawResponse().Content.ToString()).RootElement;

        Assert.StartsWith("conv_", conversation.Id);
        Assert.Equal("tom", conversation.Metadata["topic"]);
        Assert.Equal(conversation.Id, response.ConversationOptions.ConversationId);
        Assert.Equal("cats", updated.Metadata["topic"]);
        var data = items.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "user", "assistant"], data.Select(i => i.GetProperty("role").GetString()));
        Assert.Equal("What did Tom do?", data[2].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(response.OutputItems[0].Id, data[3].GetProperty("id").GetString());
        Assert.True((await _conversations.DeleteConversationAsync(conversation.Id)).Value.Deleted);
        Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => _conversations.GetConversationAsync(conversation.Id))).Status);
    }
}
