using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class LayoutTests(WebAppFixture fixture)
{
    [Fact]
    public async Task At_phone_width_nothing_overflows_and_the_conversation_list_opens_from_a_button()
    {
        await using var app = await fixture.OpenAsync(width: 390, height: 844);
        await app.WaitForModelAsync();
        // Conversations are kept on the server, which the other tests share: a title of this test's own.
        await app.SendAsync("Tim rode a small bike");
        await app.WaitForAnswerAsync();

        Assert.True(await app.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the page scrolls sideways at 390 px");
        await Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeInViewportAsync();
        await app.ScreenshotAsync("12-phone");

        var chats = app.Page.GetByRole(AriaRole.Button, new() { Name = "Chats" });
        await Expect(chats).ToHaveAttributeAsync("aria-expanded", "false");
        await chats.ClickAsync();
        await Expect(chats).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = "Tim rode a small bike", Exact = true })).ToBeVisibleAsync();
        await app.ScreenshotAsync("13-phone-conversations");
    }

    [Fact]
    public async Task The_keyboard_alone_sends_a_message_and_reaches_every_control()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        await Expect(app.Input).ToBeFocusedAsync();
        await app.Page.Keyboard.TypeAsync("Once upon a time");
        await app.Page.Keyboard.PressAsync("Enter");
        await app.WaitForAnswerAsync();

        var reached = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            await app.Page.Keyboard.PressAsync("Tab");
            reached.Add(await app.Page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e.getAttribute('aria-label') || e.labels?.[0]?.textContent?.trim() || e.textContent.trim(); }"));
        }
        Assert.Superset(new HashSet<string> { "New chat", "Voice mode", "Regenerate", "Play aloud", "Attach image", "Transcribe audio", "Send" }, reached);
    }
}
