using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>The live transcript is prefilled while the user speaks: one prefill at a time, the newest words waiting, cancelled at the turn's end.</summary>
public sealed class TranscriptPrefillTests
{
    private static List<ChatMessage> Prompt(string heard) => [new(ChatRole.System, "Be brief."), new(ChatRole.User, heard)];

    [Fact]
    public async Task A_newer_hypothesis_replaces_the_one_waiting_and_runs_when_the_running_prefill_ends()
    {
        var prefiller = new RecordingPrefillerFake();
        await using var prefill = new TranscriptPrefill(prefiller, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        prefill.Update("what", () => (Prompt("what"), new ChatOptions()));
        prefill.Update("what time", () => (Prompt("what time"), new ChatOptions()));
        prefill.Update("what time is", () => (Prompt("what time is"), new ChatOptions()));
        Assert.Equal(["what"], prefiller.Heard);
        prefiller.Release();
        await prefiller.WhenCalled(2);

        Assert.Equal(["what", "what time is"], prefiller.Heard);
        Assert.Equal(2, prefill.Started);
        prefiller.Release();
    }

    [Fact]
    public async Task The_same_words_are_not_prefilled_twice()
    {
        var prefiller = new RecordingPrefillerFake { Immediate = true };
        await using var prefill = new TranscriptPrefill(prefiller, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        prefill.Update("hello", () => (Prompt("hello"), new ChatOptions()));
        prefill.Update("hello", () => (Prompt("hello"), new ChatOptions()));

        Assert.Equal(["hello"], prefiller.Heard);
    }

    [Fact]
    public async Task Cancel_stops_the_running_prefill_and_drops_the_waiting_one()
    {
        var prefiller = new RecordingPrefillerFake();
        var prefill = new TranscriptPrefill(prefiller, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        prefill.Update("what", () => (Prompt("what"), new ChatOptions()));
        prefill.Update("what time", () => (Prompt("what time"), new ChatOptions()));

        prefill.Cancel();
        await prefill.DisposeAsync();

        Assert.Equal(["what"], prefiller.Heard);
        Assert.Equal(1, prefiller.Cancelled);
    }

    [Fact]
    public async Task While_the_user_speaks_the_conversation_prefills_the_growing_transcript_and_stops_at_the_turns_end()
    {
        var prefiller = new RecordingPrefillerFake();
        var driver = new ConversationDriver(prefiller: prefiller);
        driver.Recognizer.Final = "what time is it";
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();

        foreach (var heard in new[] { "what", "what time", "what time is" })
        {
            await driver.Recognizer.HearAsync(heard);
            await driver.SendAudioAsync(TestAudio.Speech(64));
            await driver.SettledAsync();
        }
        Assert.Equal(["what"], prefiller.Heard);
        prefiller.Release();
        await prefiller.WhenCalled(2);
        await driver.SendAudioAsync(TestAudio.Silence(640));
        await driver.NextAsync<ResponseDoneFrame>();
        await driver.DisposeAsync();

        Assert.Equal(["what", "what time is"], prefiller.Heard);
        Assert.Equal(1, prefiller.Cancelled);
        var (messages, options) = prefiller.Calls[1];
        Assert.Equal(["Be brief.", "what time is"], messages.Select(m => m.Text));
        Assert.Equal("conversation-1", options!.ConversationId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_picture_only_a_model_that_sees_it_is_prefilled(bool chatSeesImages)
    {
        var prefiller = new RecordingPrefillerFake { Immediate = true };
        await using var driver = new ConversationDriver(prefiller: prefiller, chatSeesImages: chatSeesImages);
        var picture = ConversationItem.Message("item_picture", ItemRole.User, "Look.") with { Images = [new InputImage(new byte[8], "image/png")] };
        await driver.SendAsync(new CreateItem(picture, null));
        driver.Recognizer.Final = "what is it";

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("what is it");
        await driver.SendAudioAsync(TestAudio.Speech(64));
        await driver.SettledAsync();

        // The engine's prefiller sits behind the media cascade: a model that cannot see would be given the picture itself.
        Assert.Equal(chatSeesImages ? ["what is it"] : [], prefiller.Heard);
    }

    [Fact]
    public async Task An_answer_started_at_the_pause_stops_the_running_prefill_before_it_is_asked_so_it_gets_the_cache()
    {
        var prefiller = new RecordingPrefillerFake();
        await using var driver = new ConversationDriver(prefiller: prefiller);
        driver.Recognizer.Final = "what time is it";
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("what time is it");
        await driver.SendAudioAsync(TestAudio.Speech(64));
        await prefiller.WhenCalled(1);

        driver.Chat.Script(ScriptedAnswer.Text("It is").Then(TimeSpan.FromSeconds(1), new TextContent(" noon.")));
        // The first silent frames: the answer starts on the words heard so far, while the user may still go on.
        await driver.SendAudioAsync(TestAudio.Silence(64));
        await driver.Chat.Waiting;
        await driver.SendAudioAsync(TestAudio.Silence(576));
        driver.Time.Advance(TimeSpan.FromSeconds(1));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.True(done.Response.Trace!.Speculative);
        Assert.Equal([false], driver.Chat.PrefillRunningAtRequest);
    }
}

