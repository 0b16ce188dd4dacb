using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// The idle timeout waits on the clock, from when the conversation starts waiting for the user (the last answer
/// finished playing, or the user's turn ended with no answer), and prompts the assistant once it has passed.
/// </summary>
public sealed class IdleTimeoutTests
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task The_assistant_is_prompted_when_the_timeout_passes_on_the_clock_even_with_no_audio_coming()
    {
        await using var driver = new ConversationDriver(ConversationDriver.TextOnly(new TurnDetectionOptions { IdleTimeoutMs = 1000 }));
        await driver.SettledAsync();

        driver.Time.Advance(999 * Millisecond);
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<IdleTimeoutFrame>());

        driver.Time.Advance(Millisecond);
        var idle = await driver.NextAsync<IdleTimeoutFrame>();
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal((0, 0), (idle.AudioStartMs, idle.AudioEndMs));
        Assert.Equal(ResponseStatus.Completed, done.Response.Status);
        Assert.Single(driver.Seen.OfType<ResponseCreatedFrame>());
    }

    [Fact]
    public async Task The_wait_begins_when_the_last_answer_has_finished_playing()
    {
        var options = ConversationDriver.TextOnly(new TurnDetectionOptions { IdleTimeoutMs = 1000 });
        options = options with { Response = options.Response with { Audio = true } };
        await using var driver = new ConversationDriver(options);
        driver.Chat.Script(ScriptedAnswer.Text("Hello there, how are you today?"));

        await driver.SendAsync(new CreateResponse(null));
        await driver.NextAsync<ResponseDoneFrame>();
        var playing = (long)driver.Seen.OfType<AudioDeltaFrame>().Sum(a => a.Audio.Duration.TotalMilliseconds);
        Assert.True(playing > 0);

        driver.Time.Advance((playing + 999) * Millisecond);
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<IdleTimeoutFrame>());

        driver.Time.Advance(Millisecond);
        await driver.NextAsync<IdleTimeoutFrame>();
    }

    [Fact]
    public async Task Speech_stops_the_wait_and_the_next_one_begins_at_the_end_of_the_turn()
    {
        await using var driver = new ConversationDriver(ConversationDriver.TextOnly(new TurnDetectionOptions { IdleTimeoutMs = 1000, CreateResponse = false }));

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        driver.Time.Advance(5000 * Millisecond);
        await driver.SendAudioAsync(TestAudio.Silence(640));
        await driver.NextAsync<SpeechStoppedFrame>();
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<IdleTimeoutFrame>());

        driver.Time.Advance(999 * Millisecond);
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<IdleTimeoutFrame>());
        driver.Time.Advance(Millisecond);
        var idle = await driver.NextAsync<IdleTimeoutFrame>();

        Assert.Equal((960, 960), (idle.AudioStartMs, idle.AudioEndMs));
    }

    [Fact]
    public async Task Without_turn_detection_there_is_no_idle_timeout()
    {
        var options = ConversationDriver.TextOnly(new TurnDetectionOptions { IdleTimeoutMs = 1000 });
        await using var driver = new ConversationDriver(options, voiceActivity: false);

        driver.Time.Advance(10_000 * Millisecond);
        await driver.SettledAsync();

        Assert.Empty(driver.Seen.OfType<IdleTimeoutFrame>());
    }
}
