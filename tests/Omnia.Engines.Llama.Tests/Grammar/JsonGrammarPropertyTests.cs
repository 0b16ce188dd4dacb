using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.AI;
using Omnia.Engines.Llama.Grammar;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Tests.Grammar;

/// <summary>
/// Property tests over <see cref="RandomSchemas"/>: every schema either compiles to a grammar that passes the managed
/// check and that llama.cpp itself accepts, or is an <see cref="InvalidRequestException"/>: never another exception,
/// never a native abort. Accepted ones sampled through the real engine produce JSON (or its beginning).
/// </summary>
public sealed class JsonGrammarPropertyTests(Stories260KModel fixture) : IClassFixture<Stories260KModel>
{
    private readonly IChatClient _client = fixture.Model.CreateChatClient("stories260k");

    [Fact]
    public void Every_schema_compiles_to_a_grammar_llama_cpp_accepts_or_is_an_invalid_request()
    {
        var compiled = 0;
        RandomSchemas.Schema.Sample(schema =>
        {
            using var document = JsonDocument.Parse(schema);
            string grammar;
            try
            {
                grammar = JsonGrammar.FromSchema(document.RootElement);
            }
            catch (InvalidRequestException e)
            {
                Assert.Equal("response_format", e.Param);
                return;
            }
            GbnfCheck.Check(grammar);
            Assert.True(NativeGrammarProbe.Accepts(fixture.Model, grammar), grammar);
            Interlocked.Increment(ref compiled);
        }, iter: 4000, threads: 1);

        // The generator is hostile, but not so hostile that nothing compiles.
        Assert.InRange(compiled, 400, 4000);
    }

    [Fact]
    public void Sampled_schemas_generate_json_through_the_engine()
    {
        var generated = 0;
        RandomSchemas.Schema.Sample(schema =>
        {
            var element = JsonDocument.Parse(schema).RootElement;
            try
            {
                JsonGrammar.FromSchema(element);
            }
            catch (InvalidRequestException)
            {
                return;
            }

            var response = _client.GetResponseAsync([new(ChatRole.User, "x")],
                new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(element), MaxOutputTokens = 12, Seed = 1 }).GetAwaiter().GetResult();
            Assert.True(JsonPrefix.IsValid(response.Text, complete: response.FinishReason != ChatFinishReason.Length), response.Text);
            generated++;
        }, iter: 30, threads: 1);

        Assert.True(generated > 2, $"only {generated} schemas compiled");
    }
}
