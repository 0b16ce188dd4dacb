using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Responses;

/// <summary>Responses and conversations need the API key like every <c>/v1</c> route.</summary>
public sealed class ResponsesAuthTests
{
    [Fact]
    public async Task Without_the_key_responses_and_conversations_are_401s_and_with_it_they_answer()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["resp-key"]);

        var (responseStatus, _) = await ResponsesHttp.PostAsync(server.Http, "v1/responses", ResponsesHttp.Body("hi"));
        var (conversationStatus, _) = await ResponsesHttp.PostAsync(server.Http, "v1/conversations", new JsonObject());
        var (listStatus, _) = await ResponsesHttp.GetAsync(server.Http, "v1/responses/resp_x/input_items");
        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "resp-key");
        var (allowedStatus, _) = await ResponsesHttp.PostAsync(server.Http, "v1/conversations", new JsonObject());

        Assert.Equal((401, 401, 401), (responseStatus, conversationStatus, listStatus));
        Assert.Equal(200, allowedStatus);
    }
}
