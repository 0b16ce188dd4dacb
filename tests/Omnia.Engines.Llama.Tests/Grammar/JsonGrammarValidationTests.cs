using System.Text.Json;
using Omnia.Engines.Llama.Grammar;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Tests.Grammar;

/// <summary>
/// Schema keywords of the wrong type or out of range are an invalid request naming the keyword's path (they were
/// InvalidOperationExceptions from JsonElement, so HTTP 500s), and what the compiler does accept llama.cpp accepts.
/// </summary>
public sealed class JsonGrammarValidationTests(Stories260KModel fixture) : IClassFixture<Stories260KModel>
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":"a"}""", "'required' must be an array of strings (at $.required)")]
    [InlineData("""{"type":"object","properties":{"a":{}},"required":[1]}""", "$.required")]
    [InlineData("""{"enum":"abc"}""", "'enum' must be an array (at $.enum)")]
    [InlineData("""{"type":5}""", "'type' must be one of")]
    [InlineData("""{"type":[5]}""", "$.type")]
    [InlineData("""{"type":"strin"}""", "$.type")]
    [InlineData("""{"type":"string","maxLength":1.5}""", "'maxLength' must be a non-negative integer (at $.maxLength)")]
    [InlineData("""{"type":"string","minLength":"3"}""", "$.minLength")]
    [InlineData("""{"type":"array","maxItems":true}""", "$.maxItems")]
    [InlineData("""{"$ref":5}""", "'$ref' must be a string (at $.$ref)")]
    [InlineData("""{"$ref":"#/$defs/a","$defs":5}""", "points nowhere")]
    [InlineData("""{"$ref":"#/$defs/a","$defs":{"a":{"$ref":"#/$defs/b"}}}""", "points nowhere")]
    [InlineData("""{"type":"object","properties":3}""", "'properties' must be an object (at $.properties)")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","items":"x"}}}""", "a schema must be an object or a boolean (at $.properties.a.items)")]
    [InlineData("""{"anyOf":{}}""", "'anyOf' must be an array")]
    [InlineData("""{"oneOf":[{"type":"string"},7]}""", "$.oneOf[1]")]
    [InlineData("""{"type":"object","properties":{"a":false}}""", "false matches nothing (at $.properties.a)")]
    [InlineData("""[1,2]""", "a schema must be an object or a boolean (at $)")]
    [InlineData("""{"type":"string","maxLength":-1e400}""", "$.maxLength")]
    public void A_keyword_of_the_wrong_type_is_an_invalid_request_naming_its_path(string schema, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => JsonGrammar.FromSchema(Parse(schema)));

        Assert.Equal("response_format", error.Param);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schemas_nested_past_the_depth_bound_are_refused()
    {
        var schema = string.Concat(Enumerable.Repeat("""{"type":"array","items":""", 40)) + "{}" + new string('}', 40);

        var error = Assert.Throws<InvalidRequestException>(() => JsonGrammar.FromSchema(Parse(schema)));

        Assert.Contains($"more than {GrammarLimits.MaxDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_schema_that_cannot_compile_names_that_tool_as_the_param()
    {
        var good = Parse("""{"type":"object","properties":{"q":{"type":"string"}}}""");
        var bad = Parse("""{"type":"object","properties":{"q":{"enum":[]}}}""");

        var error = Assert.Throws<InvalidRequestException>(() => JsonGrammar.ForToolCalls(
            [("a", good, "tools[0].function.parameters"), ("b", bad, "tools[2].function.parameters")]));

        Assert.Equal("tools[2].function.parameters", error.Param);
        Assert.Contains("$.properties.q.enum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_schema_cycle_is_named_by_its_definition_and_its_tool()
    {
        var cycle = Parse("""{"type":"object","properties":{"a":{"$ref":"#/$defs/a"}},"required":["a"],"$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/a"}},"required":["b"]}}}""");

        var error = Assert.Throws<InvalidRequestException>(() => JsonGrammar.ForToolCalls([("f", cycle, "tools[1].function.parameters")]));

        Assert.Equal("tools[1].function.parameters", error.Param);
        Assert.Contains("$.$defs.a", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"string","maxLength":1999}""")]
    [InlineData("""{"type":"string","maxLength":2000}""")]
    [InlineData("""{"type":"string","minLength":1000,"maxLength":100000000000}""")]
    [InlineData("""{"type":"array","items":{"type":"integer"},"minItems":3,"maxItems":1e400}""")]
    [InlineData("""{"type":"array","maxItems":1}""")]
    [InlineData("""{"type":"string","maxLength":5.0}""")]
    [InlineData("""{"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["name"]}}}""")]
    [InlineData("""{"$ref":"#/$defs/list","$defs":{"list":{"type":"object","properties":{"next":{"anyOf":[{"$ref":"#/$defs/list"},{"type":"null"}]}},"required":["next"]}}}""")]
    [InlineData("""{"$ref":"#/definitions/a","definitions":{"a":{"type":"array","items":{"$ref":"#/definitions/a"}}}}""")]
    public void Schemas_within_the_bounds_compile_to_grammars_llama_cpp_accepts(string schema)
    {
        var grammar = JsonGrammar.FromSchema(Parse(schema));

        Assert.True(NativeGrammarProbe.Accepts(fixture.Model, grammar));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
