using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// <c>/v1/conversations</c> and its items over raw HTTP: shapes, paging in both orders, and 404s naming what is
/// missing; run on each store by a subclass that gives the server.
/// </summary>
public abstract class ConversationsHttpTests(OmniaServerInstance server)
{
    private readonly HttpClient _http = server.Http;

    private async Task<JsonElement> CreateAsync(string items)
    {
        var (status, json) = await ResponsesHttp.PostAsync(_http, "v1/conversations", new JsonObject { ["items"] = JsonNode.Parse(items), ["metadata"] = new JsonObject { ["k"] = "v" } });
        Assert.True(status == 200, json.ToString());
        return json;
    }

    private static IEnumerable<string?> Texts(JsonElement page) =>
        page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("content")[0].GetProperty("text").GetString());

    [Fact]
    public async Task A_conversation_has_OpenAIs_shape_and_its_items_page_in_both_orders()
    {
        var conversation = await CreateAsync("""[{"role":"user","content":"one"},{"role":"assistant","content":"two"},{"type":"message","role":"user","content":[{"type":"input_text","text":"three"}]}]""");
        var id = conversation.GetProperty("id").GetString();

        var (_, newest) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items?limit=2");
        var (_, rest) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items?limit=2&after={newest.GetProperty("last_id").GetString()}");
        var (_, oldest) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items?order=asc&limit=2");
        var (_, retrieved) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}");

        Assert.Equal(["created_at", "id", "metadata", "object"], conversation.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("conversation", conversation.GetProperty("object").GetString());
        Assert.Equal("v", conversation.GetProperty("metadata").GetProperty("k").GetString());
        Assert.Equal(conversation.GetRawText(), retrieved.GetRawText());
        Assert.Equal(["three", "two"], Texts(newest));
        Assert.True(newest.GetProperty("has_more").GetBoolean());
        Assert.Equal(["one"], Texts(rest));
        Assert.False(rest.GetProperty("has_more").GetBoolean());
        Assert.Equal(["one", "two"], Texts(oldest));
        Assert.Equal("output_text", oldest.GetProperty("data")[1].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal(oldest.GetProperty("data")[1].GetProperty("id").GetString(), oldest.GetProperty("last_id").GetString());
    }

    [Fact]
    public async Task Items_are_added_read_and_deleted_and_a_response_in_the_conversation_reads_them()
    {
        var id = (await CreateAsync("""[{"role":"system","content":"You tell stories about Tom the cat."}]""")).GetProperty("id").GetString();

        var (addStatus, added) = await ResponsesHttp.PostAsync(_http, $"v1/conversations/{id}/items",
            new JsonObject { ["items"] = JsonNode.Parse("""[{"role":"user","content":"Tom saw a bird."},{"role":"user","content":"A mistake."}]""") });
        var mistake = added.GetProperty("data")[1].GetProperty("id").GetString();
        var (_, item) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items/{mistake}");
        var (deleteStatus, afterDelete) = await ResponsesHttp.SendAsync(_http, HttpMethod.Delete, $"v1/conversations/{id}/items/{mistake}");
        var (goneStatus, gone) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items/{mistake}");
        var body = ResponsesHttp.Body("What did Tom do?");
        body["conversation"] = id;
        var (responseStatus, response) = await ResponsesHttp.PostAsync(_http, "v1/responses", body);
        var (_, all) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items?order=asc");

        Assert.Equal(200, addStatus);
        Assert.Equal("list", added.GetProperty("object").GetString());
        Assert.Equal("A mistake.", item.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal((200, "conversation", id), (deleteStatus, afterDelete.GetProperty("object").GetString(), afterDelete.GetProperty("id").GetString()));
        Assert.Equal((404, "item_id"), (goneStatus, ResponsesHttp.Error(gone)));
        Assert.Equal(200, responseStatus);
        Assert.Equal(id, response.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal(["system", "user", "user", "assistant"], all.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("role").GetString()));
        // The system item and the first user item came from the conversation: the prompt holds more than the input.
        Assert.True(response.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 20);
    }

    [Fact]
    public async Task The_conversation_list_extension_pages_newest_first_with_metadata_and_rejects_bad_paging()
    {
        // The server's other tests add conversations at the same time: these three are found among them by id.
        var ids = new List<string>();
        foreach (var title in new[] { "first", "second", "third" })
        {
            var (_, created) = await ResponsesHttp.PostAsync(_http, "v1/conversations", new JsonObject { ["metadata"] = new JsonObject { ["title"] = title } });
            ids.Add(created.GetProperty("id").GetString()!);
        }

        var listed = new List<JsonElement>();
        for (string? after = null; ;)
        {
            var (status, page) = await ResponsesHttp.GetAsync(_http, "v1/conversations?limit=2" + (after is null ? "" : $"&after={after}"));
            Assert.Equal(200, status);
            Assert.Equal("list", page.GetProperty("object").GetString());
            listed.AddRange(page.GetProperty("data").EnumerateArray());
            if (!page.GetProperty("has_more").GetBoolean()) break;
            after = page.GetProperty("last_id").GetString();
        }
        var (limitStatus, limit) = await ResponsesHttp.GetAsync(_http, "v1/conversations?limit=101");
        var (orderStatus, order) = await ResponsesHttp.GetAsync(_http, "v1/conversations?order=newest");

        var ours = listed.Where(c => ids.Contains(c.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(["third", "second", "first"], ours.Select(c => c.GetProperty("metadata").GetProperty("title").GetString()));
        Assert.All(ours, c => Assert.Equal("conversation", c.GetProperty("object").GetString()));
        Assert.Equal(listed.Count, listed.Select(c => c.GetProperty("id").GetString()).Distinct().Count());
        var times = listed.Select(c => c.GetProperty("created_at").GetInt64()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal((400, "limit"), (limitStatus, ResponsesHttp.Error(limit)));
        Assert.Equal((400, "order"), (orderStatus, ResponsesHttp.Error(order)));
    }

    [Theory]
    [InlineData("GET", "v1/conversations/conv_missing", "conversation_id")]
    [InlineData("POST", "v1/conversations/conv_missing", "conversation_id")]
    [InlineData("DELETE", "v1/conversations/conv_missing", "conversation_id")]
    [InlineData("GET", "v1/conversations/conv_missing/items", "conversation_id")]
    [InlineData("POST", "v1/conversations/conv_missing/items", "conversation_id")]
    [InlineData("GET", "v1/conversations/conv_missing/items/msg_1", "conversation_id")]
    [InlineData("DELETE", "v1/conversations/conv_missing/items/msg_1", "conversation_id")]
    public async Task A_missing_conversation_is_a_404_naming_it(string method, string path, string param)
    {
        JsonNode? body = method == "POST" ? JsonNode.Parse("""{"metadata":{},"items":[{"role":"user","content":"x"}]}""") : null;

        var (status, json) = await ResponsesHttp.SendAsync(_http, new HttpMethod(method), path, body);

        Assert.Equal((404, param, "not_found"), (status, ResponsesHttp.Error(json), ResponsesHttp.Error(json, "code")));
    }

    [Fact]
    public async Task Bad_items_metadata_and_paging_are_400s_naming_them()
    {
        var id = (await CreateAsync("[]")).GetProperty("id").GetString();

        var (itemStatus, item) = await ResponsesHttp.PostAsync(_http, $"v1/conversations/{id}/items", new JsonObject { ["items"] = JsonNode.Parse("""[{"role":"user","content":"ok"},{"role":"robot","content":"x"}]""") });
        var (metadataStatus, metadata) = await ResponsesHttp.PostAsync(_http, $"v1/conversations/{id}", new JsonObject { ["metadata"] = new JsonObject { ["k"] = new string('x', 513) } });
        var (orderStatus, order) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items?order=sideways");
        var (_, items) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items");

        Assert.Equal((400, "items[1].role"), (itemStatus, ResponsesHttp.Error(item)));
        Assert.Equal((400, "metadata.k"), (metadataStatus, ResponsesHttp.Error(metadata)));
        Assert.Equal((400, "order"), (orderStatus, ResponsesHttp.Error(order)));
        Assert.Equal(0, items.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_deleted_conversation_is_gone()
    {
        var id = (await CreateAsync("""[{"role":"user","content":"x"}]""")).GetProperty("id").GetString();

        var (status, deleted) = await ResponsesHttp.SendAsync(_http, HttpMethod.Delete, $"v1/conversations/{id}");
        var (afterStatus, _) = await ResponsesHttp.GetAsync(_http, $"v1/conversations/{id}/items");

        Assert.Equal(200, status);
        Assert.Equal($$"""{"id":"{{id}}","object":"conversation.deleted","deleted":true}""", deleted.GetRawText());
        Assert.Equal(404, afterStatus);
    }
}
