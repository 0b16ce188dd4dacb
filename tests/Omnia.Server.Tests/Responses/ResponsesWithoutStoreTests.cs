using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Responses;

/// <summary><c>store: false</c> responses: answered and streamed through stories260K, never kept.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class ResponsesWithoutStoreTests(StoriesServerFixture fixture)
{
    private readonly HttpClient _http = fixture.Server.Http;

    [Fact]
    public async Task An_unstored_response_is_answered_and_streamed_the_same()
    {
        var body = ResponsesHttp.Body("Once upon a time");
        body["store"] = false;

        var (status, whole) = await ResponsesHttp.PostAsync(_http, "v1/responses", body);
        var events = await ResponsesHttp.StreamAsync(_http, (JsonObject)body.DeepClone());

        Assert.Equal(200, status);
        Assert.Equal("response", whole.GetProperty("object").GetString());
        Assert.False(whole.GetProperty("store").GetBoolean());
        Assert.NotEmpty(ResponsesHttp.OutputText(whole));
        Assert.Equal(ResponsesHttp.OutputText(whole), ResponsesHttp.OutputText(events[^1].Data.GetProperty("response")));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.All(events, e => Assert.Equal(e.Event, e.Data.GetProperty("type").GetString()));
        var delta = events.First(e => e.Event == "response.output_text.delta").Data;
        Assert.Equal(["content_index", "delta", "item_id", "logprobs", "output_index", "sequence_number", "type"], delta.EnumerateObject().Select(p => p.Name).Order());
        var (missing, error) = await ResponsesHttp.GetAsync(_http, "v1/responses/" + whole.GetProperty("id").GetString());
        Assert.Equal(404, missing);
    }
}
