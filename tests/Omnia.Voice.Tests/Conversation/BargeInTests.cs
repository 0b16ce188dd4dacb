using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// Speaking over the answer cancels it: its end says so, and none of its audio comes after the interruption. A
/// backchannel or a short noise over it does not, and is not a turn.
/// </summary>
public sealed class BargeInTests
{
    private static VoiceConversationOptions Spoken(bool interrupt = true) => new()
    {
        Response = new ResponseOptions { Audio = true },
        TurnDetection = new TurnDetectionOptions { InterruptResponse = interrupt },
    };

    /// <summary>
    /// Asks for a story whose first sentence is spoken at once and whose second comes <paramref name="secondSentenceAfter"/>
    /// later on the fake clock: the answer's audio is playing when the test speaks. Returns its first audio.
    /// </summary>
    private static async Task<AudioDeltaFrame> StoryPlayingAsync(ConversationDriver driver, TimeSpan secondSentenceAfter)
    {
        driver.Chat.Script(ScriptedAnswer.Text("Once upon a time there was a fox. ").Then(secondSentenceAfter, new TextContent("The end.")));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Tell me a story."), null));
        await driver.SendAsync(new CreateResponse(null));
        var firstAudio = await driver.NextAsync<AudioDeltaFrame>();
        await driver.Chat.Waiting;
        return firstAudio;
    }

    [Fact]
    public async Task Speech_during_the_answer_cancels_it_and_no_more_of_its_audio_is_produced()
    {
        await using var driver = new ConversationDriver(Spoken());
        // The story's second sentence waits an hour on the fake clock: the answer is still going when the user speaks.
        var firstAudio = await StoryPlayingAsync(driver, TimeSpan.FromHours(1));

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.Recognizer.HearAsync("wait");
        await driver.SendAudioAsync(TestAudio.Speech(32));
        var interrupted = await driver.NextAsync<ResponseInterruptedFrame>();
        var started = await driver.NextAsync<SpeechStartedFrame>();
        var done = await driver.NextAsync<ResponseDoneFrame>();
        await driver.CloseAsync();

        // Announced where the speech began, with its prefix padding, once its first word said it was a turn.
        Assert.Equal(0, started.AudioStartMs);

        Assert.Equal(firstAudio.ResponseId, interrupted.ResponseId);
        Assert.Equal((ResponseStatus.Cancelled, CancelReason.TurnDetected), (done.Response.Status, done.Response.CancelReason));
        Assert.Equal(ItemStatus.Incomplete, done.Response.Output.Single().Status);
        Assert.Equal("Once upon a time there was a fox. ", done.Response.Output.Single().Text);
        var afterInterruption = driver.Seen.SkipWhile(f => f is not ResponseInterruptedFrame);
        Assert.DoesNotContain(afterInterruption, f => f is AudioDeltaFrame or AudioTranscriptDeltaFrame);
        Assert.Equal(["ResponseInterrupted", "SpeechStarted", "AudioDone", "AudioTranscriptDone", "ContentPartDone", "OutputItemDone", "ResponseDone"],
            driver.Kinds().SkipWhile(k => k != "ResponseInterrupted").ToList());
    }

    [Theory]
    [InlineData("uh huh")]
    [InlineData("yeah okay")]
    [InlineData("mm-hmm, I see")]
    [InlineData("")]
    public async Task A_backchannel_or_a_noise_over_the_answer_does_not_stop_it_and_is_not_a_turn(string heard)
    {
        await using var driver = new ConversationDriver(Spoken());
        await StoryPlayingAsync(driver, TimeSpan.FromSeconds(1));

        await driver.SendAudioAsync(TestAudio.Speech(320));
        if (heard.Length > 0) await driver.Recognizer.HearAsync(heard);
        await driver.SendAudioAsync([.. TestAudio.Speech(288), .. TestAudio.Silence(640)]);
        await driver.SettledAsync();
        driver.Time.Advance(TimeSpan.FromSeconds(1));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(ResponseStatus.Completed, done.Response.Status);
        Assert.Equal("Once upon a time there was a fox. The end.", done.Response.Output.Single().Text);
        Assert.DoesNotContain(driver.Seen, f => f is ResponseInterruptedFrame or SpeechStartedFrame or SpeechStoppedFrame or InputCommittedFrame);
        Assert.Single(driver.Chat.Prompts);
    }

    [Theory]
    [InlineData("the head")]
    [InlineData("rod")]
    [InlineData("or for")]
    public async Task Words_misheard_in_speech_as_short_as_a_backchannel_do_not_stop_the_answer(string heard)
    {
        await using var driver = new ConversationDriver(Spoken());
        await StoryPlayingAsync(driver, TimeSpan.FromSeconds(1));

        // 608 ms of speech: "uh-huh" heard as "the head", "right" as "rod", a hummed "mm-hmm" as "or for".
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.Recognizer.HearAsync(heard);
        await driver.SendAudioAsync([.. TestAudio.Speech(288), .. TestAudio.Silence(640)]);
        await driver.SettledAsync();
        driver.Time.Advance(TimeSpan.FromSeconds(1));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(ResponseStatus.Completed, done.Response.Status);
        Assert.DoesNotContain(driver.Seen, f => f is ResponseInterruptedFrame or SpeechStartedFrame or InputCommittedFrame);
    }

    [Fact]
    public async Task Words_that_are_not_a_backchannel_interrupt_once_the_speech_is_longer_than_one()
    {
        await using var driver = new ConversationDriver(Spoken());
        await StoryPlayingAsync(driver, TimeSpan.FromHours(1));

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.Recognizer.HearAsync("tell me");
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.SettledAsync();
        Assert.DoesNotContain(driver.Seen, f => f is ResponseInterruptedFrame);
        await driver.SendAudioAsync(TestAudio.Speech(96));
        await driver.NextAsync<ResponseInterruptedFrame>();
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal((ResponseStatus.Cancelled, CancelReason.TurnDetected), (done.Response.Status, done.Response.CancelReason));
    }

    [Fact]
    public async Task Speech_over_the_answer_that_goes_on_interrupts_it_even_with_no_word_recognised()
    {
        await using var driver = new ConversationDriver(Spoken());
        await StoryPlayingAsync(driver, TimeSpan.FromHours(1));

        await driver.SendAudioAsync(TestAudio.Speech(960));
        await driver.SettledAsync();
        Assert.DoesNotContain(driver.Seen, f => f is ResponseInterruptedFrame);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<ResponseInterruptedFrame>();
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal((ResponseStatus.Cancelled, CancelReason.TurnDetected), (done.Response.Status, done.Response.CancelReason));
    }

    [Fact]
    public async Task Without_interrupt_response_the_answer_goes_on_over_the_users_speech()
    {
        await using var driver = new ConversationDriver(Spoken(interrupt: false));
        await StoryPlayingAsync(driver, TimeSpan.FromSeconds(1));

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        driver.Time.Advance(TimeSpan.FromSeconds(1));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(ResponseStatus.Completed, done.Response.Status);
        Assert.DoesNotContain(driver.Seen, f => f is ResponseInterruptedFrame);
        // The second sentence was written and spoken after the user started speaking.
        Assert.Contains(driver.Seen.SkipWhile(f => f is not SpeechStartedFrame), f => f is AudioDeltaFrame);
    }

    [Fact]
    public async Task Cancelling_with_nothing_in_progress_is_an_error_naming_the_command()
    {
        await using var driver = new ConversationDriver();

        await driver.SendAsync(new CancelResponse { CorrelationId = "evt_1" });
        var error = await driver.NextAsync<ErrorFrame>();

        Assert.Equal(("response_cancel_not_active", "evt_1"), (error.Error.Code, error.CorrelationId));
    }
}
