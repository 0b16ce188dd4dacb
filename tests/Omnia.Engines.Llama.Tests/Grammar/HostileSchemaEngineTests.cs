using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Tests.Grammar;

/// <summary>
/// The schemas that used to abort the process natively (or grow native memory without bound) while other streams
/// ran: each is now an invalid request before any native call, and the stream beside it finishes.
/// </summary>
public sealed class HostileSchemaEngineTests(Stories260KModel fixture) : IClassFixture<Stories260KModel>
{
    private readonly IChatClient _client = fixture.Model.CreateChatClient("stories260k");

    public static TheoryData<string, string> Hostile => new()
    {
        { """{"anyOf":[]}""", "$.anyOf" },
        { """{"type":[]}""", "$.type" },
        { """{"enum":[]}""", "$.enum" },
        { """{"$ref":"#/$defs/a","$defs":{"a":{"$ref":"#/$defs/a"}}}""", "$.$defs.a" },
        { """{"$ref":"#/$defs/a","$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"}},"required":["b"]},"b":{"type":"array","items":{"$ref":"#/$defs/a"},"minItems":1}}}""", "$.$defs.a" },
        { """{"$ref":"#/$defs/a","$defs":{"a":{"anyOf":[{"$ref":"#/$defs/a"},{"type":"string"}]}}}""", "$.$defs.a" },
        { """{"type":"string","minLength":-1}""", "$.minLength" },
        { """{"type":"array","minItems":5000}""", "$.minItems" },
        { """{"type":"array","maxItems":-3}""", "$.maxItems" },
        { """{"type":"string","minLength":5,"maxLength":2}""", "'minLength' (5) is above 'maxLength' (2)" },
        { """{"type":"array","minItems":3,"maxItems":1}""", "'minItems' (3) is above 'maxItems' (1)" },
        { "{\"enum\":[" + string.Join(",", Enumerable.Range(0, 100_000)) + "]}", "'enum' has 100000 values" },
        { "{\"anyOf\":[" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"{{\"const\":{i}}}")) + "]}", "alternatives" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_schema_that_used_to_crash_the_engine_is_an_invalid_request_and_other_streams_finish(string schema, string message)
    {
        var other = _client.GetResponseAsync([new(ChatRole.User, "Once upon a time")], new ChatOptions { MaxOutputTokens = 24, Seed = 3 });

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _client.GetResponseAsync([new(ChatRole.User, "x")],
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement), MaxOutputTokens = 8 }));

        Assert.Equal("response_format", error.Param);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        var answer = await other;
        Assert.NotEmpty(answer.Text);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"s":{"type":"string","maxLength":2000}},"required":["s"]}""")]
    [InlineData("""{"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":2}}}}}""")]
    public async Task A_large_bound_or_a_recursion_with_a_base_case_still_generates_json(string schema)
    {
        var response = await _client.GetResponseAsync([new(ChatRole.User, "x")],
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement), MaxOutputTokens = 120, Seed = 5 });

        Assert.True(JsonPrefix.IsValid(response.Text, complete: response.FinishReason != ChatFinishReason.Length), response.Text);
    }

    [Fact]
    public async Task Ignore_eos_does_not_outlast_a_finished_grammar()
    {
        var schema = JsonDocument.Parse("""{"const":1}""").RootElement;

        var response = await _client.GetResponseAsync([new(ChatRole.User, "x")], new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), MaxOutputTokens = 20, Seed = 2,
            AdditionalProperties = new() { ["ignore_eos"] = true },
        });

        Assert.Equal("1", response.Text.Trim());
    }
}
