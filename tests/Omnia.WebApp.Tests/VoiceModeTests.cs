using Omnia.Server.Tests;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Omnia.Audio;
using static Microsoft.Playwright.Assertions;

namespace Omnia.WebApp.Tests;

/// <summary>
/// Hands-free voice mode in a real Chromium whose fake microphone plays a WAV made by flite, in a loop: the user's
/// transcript appears, the answer is heard, and the next loop of the question talks over it (barge-in).
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class VoiceModeTests(WebAppFixture fixture) : IAsyncLifetime
{
    private readonly string _microphone = Path.Combine(Path.GetTempPath(), $"omnia-fake-mic-{Guid.NewGuid():N}.wav");
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(_microphone, await QuestionWavAsync("What is the weather like today?"));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = WebAppFixture.ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={_microphone}",
            ],
        });
    }

    [Fact]
    public async Task A_spoken_question_is_transcribed_answered_aloud_and_talking_over_the_answer_interrupts_it()
    {
        var (context, page, panel, sent, _) = await OpenVoiceModeAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Start talking" }).ClickAsync();

        var you = panel.Locator(".voice-line.user").First;
        await Expect(you).ToHaveTextAsync(new Regex("^You: .*(weather|what|today)"), new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDir, "15-voice-heard.png") });
        await Expect(panel.Locator(".voice-line.assistant").First).ToHaveTextAsync(new Regex("^Omnia: .+"), new() { Timeout = 60_000 });
        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("Last answer started \\d+ ms after you stopped"), new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDir, "16-voice-answered.png") });

        // The microphone file loops: the question comes again while the answer plays, which must cut it off.
        await Expect(panel.Locator(".voice-line.user")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            lock (sent)
                if (sent.Any(f => f.Contains("\"conversation.item.truncate\"", StringComparison.Ordinal))) break;
            await Task.Delay(200);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDir, "17-voice-barge-in.png") });
        lock (sent)
            Assert.Contains(sent, f => f.Contains("\"conversation.item.truncate\"", StringComparison.Ordinal));
        await context.DisposeAsync();
    }

    [Fact]
    public async Task The_voice_settings_reach_the_session()
    {
        var (context, page, panel, sent, received) = await OpenVoiceModeAsync();

        await panel.GetByText("Voice settings").ClickAsync();
        await panel.GetByLabel("Voice", new() { Exact = true }).SelectOptionAsync("nova");
        await panel.GetByLabel("Instructions").FillAsync("Speak like a pirate.");
        await panel.GetByLabel("Turn detection").SelectOptionAsync("server_vad");
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDir, "18-voice-settings.png") });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Start talking" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("^(Listening|Thinking|Speaking)"));

        // The session starts with the settings its client secret was minted for: session.created shows them.
        var created = await ReceivedAsync(received, "\"session.created\"");
        lock (sent) Assert.DoesNotContain(sent, f => f.Contains("\"session.update\"", StringComparison.Ordinal));
        Assert.Contains("\"nova\"", created);
        Assert.Contains("Speak like a pirate.", created);
        Assert.Contains("\"server_vad\"", created);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task The_socket_carries_an_ephemeral_client_secret_never_the_api_key()
    {
        const string Key = "voice-key-5c1e";
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: [Key]);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        // Chromium's own record of the WebSocket handshake: the headers exactly as sent.
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        var handshakes = new List<string>();
        cdp.Event("Network.webSocketWillSendHandshakeRequest").OnEvent += (_, e) =>
        {
            lock (handshakes) handshakes.Add(e?.GetProperty("request").GetProperty("headers").ToString() ?? "");
        };
        await page.GotoAsync("/");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("API key").FillAsync(Key);
        await dialog.GetByLabel("API key").PressAsync("Enter");
        await Expect(page.GetByLabel("Model")).ToHaveValueAsync("stories260k");
        await page.GetByRole(AriaRole.Button, new() { Name = "Voice mode" }).ClickAsync();
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Voice mode" });

        await panel.GetByRole(AriaRole.Button, new() { Name = "Start talking" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("^(Listening|Thinking|Speaking)"));

        string handshake;
        lock (handshakes) handshake = Assert.Single(handshakes);
        Assert.Contains("openai-insecure-api-key.ek_", handshake);
        Assert.DoesNotContain(Key, handshake);
        await context.DisposeAsync();
    }

    /// <summary>The first frame the page received that contains <paramref name="marker"/>, waited for up to 20 s.</summary>
    private static async Task<string> ReceivedAsync(List<string> received, string marker)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            lock (received)
                if (received.FirstOrDefault(f => f.Contains(marker, StringComparison.Ordinal)) is { } frame) return frame;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No frame with {marker} received.");
    }

    /// <summary>The question said by flite between pauses, at 48 kHz, the rate Chromium's fake capture runs at.</summary>
    private static async Task<byte[]> QuestionWavAsync(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-flite-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo("flite");
            foreach (var argument in new[] { "-voice", "slt", "-t", text, "-o", path }) start.ArgumentList.Add(argument);
            using (var process = Process.Start(start)!) await process.WaitForExitAsync();
            await using var file = File.OpenRead(path);
            var speech = (await WavReader.ReadAsync(file)).ToMono().Resample(48000).Samples.ToArray();
            float[] samples = [.. new float[48000], .. speech, .. new float[48000 * 3]];
            return WavWriter.Encode(new PcmAudio(samples, 48000), WavSampleFormat.Pcm16);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        File.Delete(_microphone);
    }

    /// <summary>The app in a fresh browser context, voice mode open; <c>sent</c> and <c>received</c> record every WebSocket frame of the page.</summary>
    private async Task<(IBrowserContext Context, IPage Page, ILocator Panel, List<string> Sent, List<string> Received)> OpenVoiceModeAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var sent = new List<string>();
        var received = new List<string>();
        page.WebSocket += (_, socket) =>
        {
            socket.FrameSent += (_, frame) => { lock (sent) sent.Add(frame.Text ?? ""); };
            socket.FrameReceived += (_, frame) => { lock (received) received.Add(frame.Text ?? ""); };
        };
        await page.GotoAsync("/");
        await Expect(page.GetByLabel("Model")).ToHaveValueAsync("stories260k");
        await page.GetByRole(AriaRole.Button, new() { Name = "Voice mode" }).ClickAsync();
        return (context, page, page.GetByRole(AriaRole.Region, new() { Name = "Voice mode" }), sent, received);
    }
}
