using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

/// <summary>The chat page in one browser context, with the steps the tests share.</summary>
public sealed class WebAppPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public ILocator Input => Page.GetByLabel("Message", new() { Exact = true });
    public ILocator Messages => Page.Locator("#messages > li");
    public ILocator LastAnswer => Page.Locator("#messages > li.assistant").Last;
    public ILocator LastAnswerBody => LastAnswer.Locator(".body");
    public ILocator ModelSelect => Page.GetByLabel("Model");
    public ILocator KeyDialog => Page.GetByRole(AriaRole.Dialog, new() { Name = "API key needed" });

    public async Task WaitForModelAsync(string model = "stories260k") => await Expect(ModelSelect).ToHaveValueAsync(model);

    public async Task SendAsync(string text)
    {
        await Input.FillAsync(text);
        await Input.PressAsync("Enter");
    }

    /// <summary>Waits until the last answer has finished streaming and returns its rendered text.</summary>
    public async Task<string> WaitForAnswerAsync()
    {
        await Expect(LastAnswer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bdone\b"), new() { Timeout = 60_000 });
        return (await LastAnswerBody.InnerTextAsync()).Trim();
    }

    /// <summary>Waits until every change to the conversations has reached the server's store.</summary>
    public async Task WaitForSavedAsync() => await Expect(Page.Locator("body")).ToHaveAttributeAsync("data-saving", "false");

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAppFixture.ArtifactsDir, name + ".png"), FullPage = false });

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
