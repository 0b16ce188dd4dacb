using System.Text.Json.Nodes;
using Omnia.Tests;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// Several nodes on one PostgreSQL database (<c>--store</c>): started together on an empty database, each sees
/// what the other stored and carries on its chains and conversations.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class SeveralNodesOnPostgreSqlTests(PostgreSqlCluster cluster)
{
    [Fact]
    public async Task A_response_stored_by_one_node_is_retrieved_and_continued_by_the_other()
    {
        var store = await cluster.CreateDatabaseAsync();
        // Both nodes migrate the empty database at the same time, as a deployment that starts them together does.
        var nodes = await Task.WhenAll(OmniaServerInstance.StartStoriesAsync(store: store), OmniaServerInstance.StartStoriesAsync(store: store));
        await using var first = nodes[0];
        await using var second = nodes[1];

        var (_, conversation) = await ResponsesHttp.PostAsync(first.Http, "v1/conversations", new JsonObject { ["items"] = JsonNode.Parse("""[{"role":"user","content":"Tom is a cat."}]""") });
        var conversationId = conversation.GetProperty("id").GetString();
        var (_, created) = await ResponsesHttp.PostAsync(first.Http, "v1/responses", ResponsesHttp.Body("Once upon a time"));
        var id = created.GetProperty("id").GetString()!;

        var (retrievedStatus, retrieved) = await ResponsesHttp.GetAsync(second.Http, $"v1/responses/{id}");
        var next = ResponsesHttp.Body("What happened next?");
        next["previous_response_id"] = id;
        var (nextStatus, continued) = await ResponsesHttp.PostAsync(second.Http, "v1/responses", next);
        var inConversation = ResponsesHttp.Body("What did Tom do?");
        inConversation["conversation"] = conversationId;
        var (conversationStatus, _) = await ResponsesHttp.PostAsync(second.Http, "v1/responses", inConversation);
        var (backStatus, back) = await ResponsesHttp.GetAsync(first.Http, $"v1/responses/{continued.GetProperty("id").GetString()}");
        var (_, items) = await ResponsesHttp.GetAsync(first.Http, $"v1/conversations/{conversationId}/items?order=asc");

        Assert.Equal(200, retrievedStatus);
        Assert.Equal(created.GetRawText(), retrieved.GetRawText());
        Assert.Equal(200, nextStatus);
        Assert.Equal(id, continued.GetProperty("previous_response_id").GetString());
        // The first turn came from the store into the second node's prompt.
        Assert.True(continued.GetProperty("usage").GetProperty("input_tokens").GetInt32() > created.GetProperty("usage").GetProperty("input_tokens").GetInt32()
            + created.GetProperty("usage").GetProperty("output_tokens").GetInt32() / 2);
        Assert.Equal(200, conversationStatus);
        Assert.Equal(200, backStatus);
        Assert.Equal(continued.GetRawText(), back.GetRawText());
        Assert.Equal(["user", "user", "assistant"], items.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("role").GetString()));
    }
}
