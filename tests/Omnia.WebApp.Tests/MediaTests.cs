using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class MediaTests(WebAppFixture fixture)
{
    [Fact]
    public async Task An_audio_file_is_transcribed_into_the_message_box()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        var wav = await FliteWavAsync("the weather is nice today");

        await app.Page.Locator("#audio-input").SetInputFilesAsync(new FilePayload { Name = "question.wav", MimeType = "audio/wav", Buffer = wav });

        await Expect(app.Input).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("weather|today|nice"));
    }

    [Fact]
    public async Task Play_aloud_fetches_the_answer_as_speech_and_plays_it()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();
        await app.SendAsync("Once upon a time");
        await app.WaitForAnswerAsync();

        var speech = app.Page.WaitForResponseAsync("**/v1/audio/speech");
        await app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Play aloud" }).ClickAsync();

        var response = await speech;
        Assert.Equal(200, response.Status);
        Assert.Equal("audio/wav", await response.HeaderValueAsync("content-type"));
        await Expect(app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Stop audio" })).ToBeVisibleAsync();
        await app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Stop audio" }).ClickAsync();
        await Expect(app.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Play aloud" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Voice_mode_connects_to_the_realtime_endpoint_and_listens_until_stopped()
    {
        await using var app = await fixture.OpenAsync();
        await app.WaitForModelAsync();

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Voice mode" }).ClickAsync();
        var panel = app.Page.GetByRole(AriaRole.Region, new() { Name = "Voice mode" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Start talking" }).ClickAsync();

        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Listening"));
        await app.ScreenshotAsync("11-voice-listening");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync("Stopped.");
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Start talking" })).ToBeVisibleAsync();
    }

    /// <summary>Real speech from flite's slt voice, which pocketsphinx recognises.</summary>
    private static async Task<byte[]> FliteWavAsync(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-web-{Guid.NewGuid():N}.wav");
        try
        {
            using var flite = Process.Start("flite", ["-voice", "slt", "-t", text, "-o", path])!;
            await flite.WaitForExitAsync();
            Assert.Equal(0, flite.ExitCode);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
