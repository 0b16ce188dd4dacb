using System.Net;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests;

/// <summary>
/// The response_format schemas that aborted the whole server natively (or wedged it growing memory) are 400s naming
/// response_format, while six other streams run to the end and the server stays up.
/// </summary>
[Collection(StoriesServerCollection.Name)]
public sealed class SchemaHardeningTests(StoriesServerFixture fixture)
{
    private static readonly string[] Crashing =
    [
        """{"anyOf":[]}""",
        """{"type":[]}""",
        """{"enum":[]}""",
        """{"$ref":"#/$defs/a","$defs":{"a":{"$ref":"#/$defs/a"}}}""",
        """{"$ref":"#/$defs/a","$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"}},"required":["b"]},"b":{"type":"array","items":{"$ref":"#/$defs/a"},"minItems":1}}}""",
        """{"type":"string","maxLength":-1}""",
        """{"type":"string","minLength":-1}""",
        """{"type":"array","minItems":5000}""",
        """{"type":"array","maxItems":-3}""",
        """{"type":"string","minLength":5,"maxLength":2}""",
        "{\"enum\":[" + string.Join(",", Enumerable.Range(0, 100_000)) + "]}",
        """{"type":"object","properties":{"a":{"type":"string"}},"required":"a"}""",
        """{"enum":"abc"}""",
        """{"type":5}""",
        """{"type":"string","maxLength":1.5}""",
        """{"$ref":5}""",
        """{"type":"object","properties":3}""",
        """{"type":"array","items":"x"}""",
    ];

    [Fact]
    public async Task Crashing_and_wrong_typed_schemas_are_400s_while_other_streams_finish()
    {
        var http = fixture.Server.Http;
        var others = Enumerable.Range(0, 6).Select(i => ChatRequests.StreamAsync(http, ChatRequests.Body("Once upon a time", 120, seed: i, stream: true))).ToList();

        foreach (var schema in Crashing)
        {
            var body = ChatRequests.Body("x", 8);
            body["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject { ["name"] = "s", ["schema"] = JsonNode.Parse(schema) },
            };
            var (status, json) = await ChatRequests.PostAsync(http, body);

            Assert.True(status == 400, $"{status} for {schema[..Math.Min(80, schema.Length)]}: {json}");
            Assert.Equal("response_format", json.GetProperty("error").GetProperty("param").GetString());
        }

        foreach (var other in others)
        {
            var (chunks, done, _) = await other;
            Assert.True(done, "a stream beside the hostile requests ended early");
            Assert.NotEmpty(ChatRequests.StreamedText(chunks));
        }
        using var health = await http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
