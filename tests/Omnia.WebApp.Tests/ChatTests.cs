using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed partial class ChatTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_typed_message_gets_an_answer_that_grows_as_it_streams()
    {
        await using var app = await fixture.OpenAsync(initScript: StreamSlowingScript.DelayEvents(60, events: 25));
        await app.WaitForModelAsync();
        await app.ScreenshotAsync("01-empty");

        await app.SendAsync("Once upon a time");

        await Expect(app.Messages.First).ToContainTextAsync("Once upon a time");
        await Expect(app.LastAnswer).ToHaveClassAsync(Streaming());
        await Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true })).ToBeVisibleAsync();
        await Expect(app.LastAnswerBody).ToHaveTextAsync(new Regex(@"\S"));
        var early = (await app.LastAnswerBody.InnerTextAsync()).Trim();
        await app.ScreenshotAsync("02-streaming");

        var answer = await app.WaitForAnswerAsync();
        await app.ScreenshotAsync("03-answered");
        Assert.True(answer.Length > early.Length, $"the answer did not grow: first '{early}', at the end '{answer}'");
        // What the page shows is what the server streamed, rendered from markdown.
        var streamed = StreamedText(await app.Page.EvaluateAsync<string>("() => window.streamedBody"));
        Assert.Equal(Words(streamed), Words(answer));
        await Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Stop_ends_the_answer_where_it_is_and_says_so()
    {
        await using var app = await fixture.OpenAsync(initScript: StreamSlowingScript.DelayEvents(150));
        await app.WaitForModelAsync();
        await app.SendAsync("Once upon a time");
        await Expect(app.LastAnswerBody).ToHaveTextAsync(new Regex(@"\S"));

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true }).ClickAsync();

        await Expect(app.LastAnswer).ToHaveClassAsync(new Regex(@"\bstopped\b"));
        await Expect(app.LastAnswer).ToContainTextAsync("Stopped.");
        var shown = await app.LastAnswerBody.InnerTextAsync();
        Assert.NotEmpty(shown.Trim());
        // Events keep coming every 150 ms from the slowed stream unless the fetch was really aborted.
        await app.Page.WaitForTimeoutAsync(800);
        Assert.Equal(shown, await app.LastAnswerBody.InnerTextAsync());
        await Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeVisibleAsync();
        await Expect(app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToBeVisibleAsync();
        await app.ScreenshotAsync("04-stopped");
    }

    [Fact]
    public async Task Regenerate_replaces_the_answer_and_edit_resends_the_changed_message()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        await app.SendAsync("Once upon a time");
        await app.WaitForAnswerAsync();

        var regenerated = app.Page.WaitForRequestAsync("**/v1/chat/completions");
        await app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        Assert.Equal(["Once upon a time"], UserContents(await regenerated));
        await app.WaitForAnswerAsync();
        await Expect(app.Messages).ToHaveCountAsync(2);

        await app.Messages.First.GetByRole(AriaRole.Button, new() { Name = "Edit and resend this message" }).ClickAsync();
        var editor = app.Page.GetByLabel("Edit message");
        await editor.FillAsync("The little dog");
        var edited = app.Page.WaitForRequestAsync("**/v1/chat/completions");
        await editor.PressAsync("Enter");
        Assert.Equal(["The little dog"], UserContents(await edited));
        await app.WaitForAnswerAsync();
        await Expect(app.Messages).ToHaveCountAsync(2);
        await Expect(app.Messages.First).ToContainTextAsync("The little dog");
    }

    [Fact]
    public async Task The_conversation_survives_a_reload()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        await app.SendAsync("The cat sat");
        var answer = await app.WaitForAnswerAsync();

        await app.Page.ReloadAsync();

        await Expect(app.Messages).ToHaveCountAsync(2);
        await Expect(app.Messages.First).ToContainTextAsync("The cat sat");
        Assert.Equal(answer, await app.WaitForAnswerAsync());
        await Expect(app.Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })
            .GetByRole(AriaRole.Button, new() { Name = "The cat sat", Exact = true })).ToBeVisibleAsync();

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        await Expect(app.Messages).ToHaveCountAsync(0);
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "The cat sat", Exact = true }).ClickAsync();
        await Expect(app.Messages).ToHaveCountAsync(2);
        await app.ScreenshotAsync("05-reloaded");
    }

    private static Regex Streaming() => new(@"\bstreaming\b");

    private static string[] UserContents(IRequest request)
    {
        using var body = JsonDocument.Parse(request.PostData!);
        return body.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "user")
            .Select(m => m.GetProperty("content").GetString()!).ToArray();
    }

    private static string StreamedText(string sse) => string.Concat(sse.Split('\n')
        .Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
        .Select(l => JsonDocument.Parse(l[6..]).RootElement.GetProperty("choices"))
        .Where(c => c.GetArrayLength() > 0 && c[0].GetProperty("delta").TryGetProperty("content", out var t) && t.ValueKind == JsonValueKind.String)
        .Select(c => c[0].GetProperty("delta").GetProperty("content").GetString()));

    /// <summary>Markdown rendering may change spacing and drop markup characters; the words must match.</summary>
    private static string Words(string text) => string.Join(' ', WordPattern().Matches(text).Select(m => m.Value));

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();
}
