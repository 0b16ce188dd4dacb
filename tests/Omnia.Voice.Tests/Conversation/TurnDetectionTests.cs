using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>Turns end after the silence duration and not before. 32 ms frames, 500 ms of silence.</summary>
public sealed class TurnDetectionTests
{
    [Fact]
    public async Task The_turn_ends_after_the_silence_duration_and_is_transcribed_committed_and_answered()
    {
        await using var driver = new ConversationDriver();
        driver.Recognizer.Final = "hello there";

        await driver.SendAudioAsync(TestAudio.Speech(640));
        await driver.SendAudioAsync(TestAudio.Silence(640));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        var started = driver.Seen.OfType<SpeechStartedFrame>().Single();
        var stopped = driver.Seen.OfType<SpeechStoppedFrame>().Single();
        var committed = driver.Seen.OfType<InputCommittedFrame>().Single();
        var transcript = driver.Seen.OfType<TranscriptCompletedFrame>().Single();
        Assert.Equal(0, started.AudioStartMs);
        Assert.Equal(640, stopped.AudioEndMs);
        Assert.Equal(started.ItemId, committed.ItemId);
        Assert.Equal(("hello there", 1.28), (transcript.Transcript, transcript.AudioSeconds));
        Assert.Equal(
            ["SpeechStarted", "SpeechStopped", "InputCommitted", "ItemAdded", "TranscriptDelta", "TranscriptCompleted", "ItemDone",
             "ResponseCreated", "OutputItemAdded", "ContentPartAdded", "TextDelta", "TextDone", "ContentPartDone", "OutputItemDone", "ResponseDone"],
            driver.Kinds());
        Assert.Equal(ResponseStatus.Completed, done.Response.Status);
        Assert.Equal("hello there", driver.Chat.Prompts.Single()[^1].Text);
    }

    [Fact]
    public async Task A_pause_shorter_than_the_silence_duration_does_not_end_the_turn()
    {
        await using var driver = new ConversationDriver();
        driver.Recognizer.Final = "hello there";

        await driver.SendAudioAsync([.. TestAudio.Speech(320), .. TestAudio.Silence(320), .. TestAudio.Speech(320)]);
        await driver.SendAudioAsync(TestAudio.Silence(640));
        await driver.NextAsync<ResponseDoneFrame>();

        Assert.Single(driver.Seen.OfType<SpeechStartedFrame>());
        Assert.Equal(960, driver.Seen.OfType<SpeechStoppedFrame>().Single().AudioEndMs);
        Assert.Single(driver.Seen.OfType<InputCommittedFrame>());
    }

    [Fact]
    public async Task Semantic_detection_answers_a_finished_sentence_after_a_short_pause_and_waits_longer_after_and()
    {
        var options = ConversationDriver.TextOnly(new TurnDetectionOptions { Kind = TurnDetectionKind.SemanticVad, Eagerness = TurnEagerness.High });
        await using var driver = new ConversationDriver(options);

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("I went out and");
        // 160 ms is past high eagerness's 150 ms, but "and" promises more: the turn waits three times as long.
        await driver.SendAudioAsync(TestAudio.Silence(192));
        await driver.SettledAsync();
        await driver.Recognizer.HearAsync("I went out");
        await driver.SendAudioAsync(TestAudio.Silence(32));
        var stopped = await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal(320, stopped.AudioEndMs);
        Assert.Equal(["SpeechStarted", "Error", "SpeechStopped"], driver.Kinds());
    }

    [Fact]
    public async Task Noise_in_which_nothing_is_recognised_is_committed_but_not_answered()
    {
        await using var driver = new ConversationDriver();

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.SendAudioAsync(TestAudio.Silence(640));
        await driver.NextAsync<ItemDoneFrame>();
        await driver.SettledAsync();

        Assert.Single(driver.Seen.OfType<InputCommittedFrame>());
        Assert.Empty(driver.Seen.OfType<ResponseCreatedFrame>());
        Assert.Equal(0, driver.Chat.Requests);
    }

    [Fact]
    public async Task A_long_silence_before_a_turn_is_neither_kept_nor_sent_to_a_model_that_hears_audio()
    {
        await using var driver = new ConversationDriver(chatHearsAudio: true);
        driver.Chat.Script(ScriptedAnswer.Text("Yes."));

        // A minute of an open microphone in a quiet room, then a question.
        for (var i = 0; i < 60; i++) await driver.SendAudioAsync(TestAudio.Silence(1000));
        await driver.SendAudioAsync([.. TestAudio.Speech(640), .. TestAudio.Silence(640)]);
        await driver.NextAsync<InputCommittedFrame>();
        await driver.NextAsync<ResponseDoneFrame>();

        var heard = driver.Chat.Prompts.Single()[^1].Contents.OfType<DataContent>().Single();
        var seconds = (heard.Data.Length - 44) / 2.0 / InputAudioBuffer.SampleRate;
        // The utterance from its prefix padding on, and the silence that ended it: not the minute before.
        Assert.InRange(seconds, 1.2, 2.0);
    }
}
