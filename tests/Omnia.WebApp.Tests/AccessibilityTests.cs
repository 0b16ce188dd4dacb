using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Omnia.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

/// <summary>axe-core's rules (contrast, labels, names, landmarks) run inside the real page in its main states.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_conversation_with_an_answer_an_error_and_the_voice_panel_has_no_axe_violations()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        AssertNoViolations(await app.Page.RunAxe(), "empty page");

        await app.SendAsync("Once upon a time");
        await app.WaitForAnswerAsync();
        await app.Page.RouteAsync("**/v1/chat/completions", route => route.AbortAsync("connectionrefused"));
        await app.SendAsync("And then?");
        await Expect(app.LastAnswer.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Voice mode" }).ClickAsync();
        AssertNoViolations(await app.Page.RunAxe(), "conversation");
    }

    [Fact]
    public async Task The_key_dialog_and_the_phone_layout_have_no_axe_violations()
    {
        await using var keyed = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["axe-key"]);
        await using var app = await fixture.OpenAsync(keyed, width: 390, height: 844);
        await Expect(app.KeyDialog).ToBeVisibleAsync();
        AssertNoViolations(await app.Page.RunAxe(), "key dialog");

        await app.KeyDialog.GetByLabel("API key").FillAsync("axe-key");
        await app.KeyDialog.GetByLabel("API key").PressAsync("Enter");
        await app.WaitForModelAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Chats" }).ClickAsync();
        AssertNoViolations(await app.Page.RunAxe(), "phone layout");
    }

    private static void AssertNoViolations(AxeResult result, string state) =>
        Assert.True(result.Violations.Length == 0, $"{state}: " + string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
}
