using System.Text.Json.Nodes;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// What a server stored is there after a restart on the same store: run on each store by a subclass that says
/// where the store is.
/// </summary>
public abstract class ResponsesPersistenceTests
{
    /// <summary>The settings with the store every start of the test uses (<c>--data-dir</c> or <c>--store</c>).</summary>
    protected abstract ServeSettings OnStore(ServeSettings settings);

    private Task<OmniaServerInstance> StartAsync() => OmniaServerInstance.StartAsync(OnStore(new ServeSettings
    {
        ChatModel = "stories260k",
        ContextSize = 2048,
        Threads = 1,
        ChatTemplate = OmniaServerInstance.ToolChatTemplate,
    }));

    [Fact]
    public async Task Responses_conversations_and_chains_survive_a_restart()
    {
        string responseJson, itemsJson, responseId, conversationId;
        await using (var before = await StartAsync())
        {
            var (_, conversation) = await ResponsesHttp.PostAsync(before.Http, "v1/conversations", new JsonObject { ["items"] = JsonNode.Parse("""[{"role":"user","content":"Tom is a cat."}]""") });
            conversationId = conversation.GetProperty("id").GetString()!;
            var body = ResponsesHttp.Body("What did Tom do?");
            body["conversation"] = conversationId;
            var (_, response) = await ResponsesHttp.PostAsync(before.Http, "v1/responses", body);
            responseId = response.GetProperty("id").GetString()!;
            responseJson = (await ResponsesHttp.GetAsync(before.Http, $"v1/responses/{responseId}")).Json.GetRawText();
            itemsJson = (await ResponsesHttp.GetAsync(before.Http, $"v1/conversations/{conversationId}/items")).Json.GetRawText();
        }

        await using var after = await StartAsync();
        var (status, again) = await ResponsesHttp.GetAsync(after.Http, $"v1/responses/{responseId}");
        var (_, items) = await ResponsesHttp.GetAsync(after.Http, $"v1/conversations/{conversationId}/items");
        var next = ResponsesHttp.Body("And then?");
        next["conversation"] = conversationId;
        var (nextStatus, _) = await ResponsesHttp.PostAsync(after.Http, "v1/responses", next);

        Assert.Equal(200, status);
        Assert.Equal(responseJson, again.GetRawText());
        Assert.Equal(itemsJson, items.GetRawText());
        Assert.Equal(200, nextStatus);
    }
}
