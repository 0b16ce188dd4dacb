using System.Text.Json.Nodes;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests.Responses;

/// <summary>What a server stored is there after a restart on the same <c>--data-dir</c>.</summary>
public sealed class ResponsesPersistenceTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("omnia-responses-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private Task<OmniaServerInstance> StartAsync() => OmniaServerInstance.StartAsync(new ServeSettings
    {
        ChatModel = "stories260k",
        ContextSize = 2048,
        Threads = 1,
        ChatTemplate = OmniaServerInstance.ToolChatTemplate,
        DataDir = _dataDir,
    });

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
