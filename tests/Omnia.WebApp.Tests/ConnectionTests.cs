using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

/// <summary>Faults injected in the browser's network layer: a refused connection and a stream cut mid-answer.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ConnectionTests(WebAppFixture fixture)
{
    [Fact]
    public async Task An_unreachable_server_is_reported_in_the_conversation_and_retry_recovers()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        await app.Page.RouteAsync("**/v1/chat/completions", route => route.AbortAsync("connectionrefused"));

        await app.SendAsync("Once upon a time");

        var error = app.LastAnswer.GetByRole(AriaRole.Alert);
        await Expect(error).ToContainTextAsync("Cannot reach the Omnia server");
        await app.ScreenshotAsync("09-server-unreachable");
        await app.Page.UnrouteAllAsync();
        await error.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        Assert.NotEmpty(await app.WaitForAnswerAsync());
        await Expect(app.Messages).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_stream_cut_before_done_keeps_the_partial_answer_and_offers_a_retry()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        await app.Page.RouteAsync("**/v1/chat/completions", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/event-stream",
            Body = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"stories260k","choices":[{"index":0,"delta":{"content":"Once there was"},"finish_reason":null}]}""" + "\n\n",
        }));

        await app.SendAsync("Tell me a story");

        await Expect(app.LastAnswer).ToHaveClassAsync(new Regex(@"\berror\b"));
        await Expect(app.LastAnswerBody).ToHaveTextAsync("Once there was");
        await Expect(app.LastAnswer.GetByRole(AriaRole.Alert)).ToContainTextAsync("The connection dropped before the answer was complete.");
        await app.ScreenshotAsync("10-stream-dropped");
        await app.Page.UnrouteAllAsync();
        await app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        Assert.NotEmpty(await app.WaitForAnswerAsync());
    }

    [Fact]
    public async Task A_server_that_is_down_when_the_page_loads_is_reported_with_a_retry()
    {
        await using var app = await fixture.OpenAsync();
        await app.Page.RouteAsync("**/v1/models", route => route.AbortAsync("connectionrefused"));
        await app.Page.ReloadAsync();

        var banner = app.Page.Locator("#banner");
        await Expect(banner).ToContainTextAsync("Cannot reach the Omnia server. Is it running?");
        await app.Page.UnrouteAllAsync();
        await banner.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await app.WaitForModelAsync();
        await Expect(banner).ToBeHiddenAsync();
    }
}
