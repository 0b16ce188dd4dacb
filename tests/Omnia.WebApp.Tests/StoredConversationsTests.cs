using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

/// <summary>The chat keeps its conversations in the server's store (<c>/v1/conversations</c>), not in the browser.</summary>
[Collection(WebAppCollection.Name)]
public sealed class StoredConversationsTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_conversation_is_listed_and_opens_with_its_messages_in_a_browser_with_nothing_stored()
    {
        string answer;
        await using (var first = await fixture.OpenAsync())
        {
            await first.WaitForModelAsync();
            await first.SendAsync("Lily found a shell by the sea");
            answer = await first.WaitForAnswerAsync();
            await first.WaitForSavedAsync();
            // Nothing of the conversation is left in this browser but the id of the open one.
            Assert.Null(await first.Page.EvaluateAsync<string?>("() => localStorage.getItem('omnia.conversations.v1')"));
        }

        // A fresh context: empty localStorage, sessionStorage, cookies and cache, as a cleared browser or another one.
        await using var fresh = await fixture.OpenAsync();
        await fresh.WaitForModelAsync();
        var listed = fresh.Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })
            .GetByRole(AriaRole.Button, new() { Name = "Lily found a shell by the sea", Exact = true });
        await Expect(listed).ToBeVisibleAsync();
        await Expect(fresh.Messages).ToHaveCountAsync(0);

        await listed.ClickAsync();

        await Expect(fresh.Messages).ToHaveCountAsync(2);
        await Expect(fresh.Messages.First).ToContainTextAsync("Lily found a shell by the sea");
        Assert.Equal(answer, await fresh.WaitForAnswerAsync());
        await fresh.ScreenshotAsync("15-conversation-from-the-store");

        // The store holds the two messages once each, as OpenAI conversation items, under the title.
        var items = await ItemsAsync("Lily found a shell by the sea");
        Assert.Equal(["user", "assistant"], items.Select(i => i.GetProperty("role").GetString()));
        Assert.Equal("Lily found a shell by the sea", items[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_attached_picture_is_stored_with_its_message_and_shown_again()
    {
        await using (var first = await fixture.OpenAsync())
        {
            await first.WaitForModelAsync();
            var png = Convert.FromBase64String(await first.Page.EvaluateAsync<string>(
                "() => { const c = document.createElement('canvas'); c.width = 64; c.height = 48; const g = c.getContext('2d'); g.fillStyle = '#c33'; g.fillRect(0, 0, 64, 48); return c.toDataURL('image/png').split(',')[1]; }"));
            await first.Page.Locator("#image-input").SetInputFilesAsync(new FilePayload { Name = "red.png", MimeType = "image/png", Buffer = png });
            await first.SendAsync("Sam painted a red box");
            await first.WaitForAnswerAsync();
            await first.WaitForSavedAsync();
        }

        await using var fresh = await fixture.OpenAsync();
        await fresh.Page.GetByRole(AriaRole.Button, new() { Name = "Sam painted a red box", Exact = true }).ClickAsync();

        await Expect(fresh.Messages.First.GetByRole(AriaRole.Img, new() { Name = "Attached image 1" })).ToBeVisibleAsync();
        var parts = (await ItemsAsync("Sam painted a red box"))[0].GetProperty("content");
        Assert.Equal(["input_text", "input_image"], parts.EnumerateArray().Select(p => p.GetProperty("type").GetString()));
        Assert.StartsWith("data:image/jpeg;base64,", parts[1].GetProperty("image_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regenerated_answer_and_a_deleted_conversation_reach_the_store()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        await app.SendAsync("Ben had a red kite");
        await app.WaitForAnswerAsync();
        await app.WaitForSavedAsync();
        var before = await ItemsAsync("Ben had a red kite");

        await app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await app.WaitForAnswerAsync();
        await app.WaitForSavedAsync();
        var after = await ItemsAsync("Ben had a red kite");

        Assert.Equal(["user", "assistant"], after.Select(i => i.GetProperty("role").GetString()));
        Assert.Equal(before[0].GetProperty("id").GetString(), after[0].GetProperty("id").GetString());
        Assert.NotEqual(before[1].GetProperty("id").GetString(), after[1].GetProperty("id").GetString());

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Delete conversation: Ben had a red kite" }).ClickAsync();
        await app.WaitForSavedAsync();
        Assert.Null(await FindAsync("Ben had a red kite"));
    }

    [Fact]
    public async Task Conversations_an_older_page_kept_in_localStorage_move_to_the_store_once()
    {
        const string Legacy = """
            [{"id":"0b6f","title":"Anna baked a cake","updatedAt":1,"messages":[
              {"id":"m1","role":"user","text":"Anna baked a cake","images":[],"status":"done"},
              {"id":"m2","role":"assistant","text":"It was sweet.","images":[],"status":"streaming"},
              {"id":"m3","role":"user","text":"And then?","images":[],"status":"done"},
              {"id":"m4","role":"assistant","text":"","images":[],"status":"error","error":"The server answered 500"}]}]
            """;
        var script = $$"""if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('omnia.conversations.v1', {{JsonSerializer.Serialize(Legacy)}}); }""";
        await using var app = await fixture.OpenAsync(initScript: script);
        await app.WaitForModelAsync();
        var listed = app.Page.GetByRole(AriaRole.Button, new() { Name = "Anna baked a cake", Exact = true });
        await Expect(listed).ToBeVisibleAsync();

        await app.Page.ReloadAsync();
        await listed.ClickAsync();

        await Expect(app.Messages).ToHaveCountAsync(3);
        Assert.Null(await app.Page.EvaluateAsync<string?>("() => localStorage.getItem('omnia.conversations.v1')"));
        // The answer cut short by a reload is kept; the failed one is not; the reload moved nothing twice.
        var items = await ItemsAsync("Anna baked a cake");
        Assert.Equal(["Anna baked a cake", "It was sweet.", "And then?"], items.Select(i => i.GetProperty("content")[0].GetProperty("text").GetString()));
    }

    /// <summary>The items of the conversation with this title, read from the server as any API client would.</summary>
    private async Task<List<JsonElement>> ItemsAsync(string title)
    {
        var id = await FindAsync(title) ?? throw new Xunit.Sdk.XunitException($"no stored conversation titled '{title}'");
        var page = await fixture.Server.Http.GetFromJsonAsync<JsonElement>($"v1/conversations/{id}/items?order=asc");
        return [.. page.GetProperty("data").EnumerateArray()];
    }

    private async Task<string?> FindAsync(string title)
    {
        var list = await fixture.Server.Http.GetFromJsonAsync<JsonElement>("v1/conversations?limit=100");
        return list.GetProperty("data").EnumerateArray()
            .Where(c => c.GetProperty("metadata").TryGetProperty("title", out var t) && t.GetString() == title)
            .Select(c => c.GetProperty("id").GetString()).SingleOrDefault();
    }
}
