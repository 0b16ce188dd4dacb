using Microsoft.Playwright;
using Omnia.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class ApiKeyTests(WebAppFixture fixture) : IAsyncLifetime
{
    private const string Key = "web-test-key-7f3a";
    private OmniaServerInstance _server = null!;

    public async Task InitializeAsync() => _server = await OmniaServerInstance.StartStoriesAsync(apiKeys: [Key]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_page_asks_for_the_key_keeps_it_for_the_tab_and_sends_it_as_a_bearer_header()
    {
        await using var app = await fixture.OpenAsync(_server);
        var requests = new List<IRequest>();
        app.Page.Request += (_, request) => requests.Add(request);

        await Expect(app.KeyDialog).ToBeVisibleAsync();
        await Expect(app.KeyDialog).ToContainTextAsync("You didn't provide an API key");
        await app.ScreenshotAsync("07-key-asked");
        await app.KeyDialog.GetByLabel("API key").FillAsync(Key);
        await app.KeyDialog.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();

        await Expect(app.KeyDialog).ToBeHiddenAsync();
        await app.WaitForModelAsync();
        await app.SendAsync("Once upon a time");
        await app.WaitForAnswerAsync();

        Assert.Equal(Key, await app.Page.EvaluateAsync<string>("() => sessionStorage.getItem('omnia.apiKey')"));
        Assert.Null(await app.Page.EvaluateAsync<string?>("() => localStorage.getItem('omnia.apiKey')"));
        var chat = requests.Single(r => r.Url.EndsWith("/v1/chat/completions", StringComparison.Ordinal));
        Assert.Equal($"Bearer {Key}", await chat.HeaderValueAsync("authorization"));
        Assert.DoesNotContain(requests, r => r.Url.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_asked_for_again()
    {
        await using var app = await fixture.OpenAsync(_server);
        await Expect(app.KeyDialog).ToBeVisibleAsync();

        await app.KeyDialog.GetByLabel("API key").FillAsync("not-the-key");
        await app.KeyDialog.GetByLabel("API key").PressAsync("Enter");

        await Expect(app.KeyDialog).ToContainTextAsync("The server refused that key: Incorrect API key provided.");
        await Expect(app.KeyDialog.GetByLabel("API key")).ToHaveValueAsync("");
        await app.ScreenshotAsync("08-key-refused");
        await app.KeyDialog.GetByLabel("API key").FillAsync(Key);
        await app.KeyDialog.GetByLabel("API key").PressAsync("Enter");
        await Expect(app.KeyDialog).ToBeHiddenAsync();
        await app.WaitForModelAsync();
    }

    [Fact]
    public async Task Cancelling_the_key_prompt_leaves_a_clear_message_and_a_retry()
    {
        await using var app = await fixture.OpenAsync(_server);
        await Expect(app.KeyDialog).ToBeVisibleAsync();
        await app.KeyDialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        var banner = app.Page.Locator("#banner");
        await Expect(banner).ToContainTextAsync("This server needs an API key.");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(app.KeyDialog).ToBeVisibleAsync();
    }
}
