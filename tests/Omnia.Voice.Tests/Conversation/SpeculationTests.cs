using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// The answer starts at the first silent frame on the words heard so far; it is released at the turn decision when
/// the pause was the end, and dropped without a trace when the user goes on.
/// </summary>
public sealed class SpeculationTests
{
    [Fact]
    public async Task An_answer_started_at_the_pause_is_released_at_the_turn_decision_and_nothing_of_it_goes_out_before()
    {
        await using var driver = new ConversationDriver();
        driver.Recognizer.Final = "what time is it";
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("what time is it");

        await driver.SendAudioAsync(TestAudio.Silence(640));
        var done = await driver.NextAsync<ResponseDoneFrame>();
        // The transcript comes on its own task: before or after the answer's end.
        if (!driver.Seen.OfType<ItemDoneFrame>().Any()) await driver.NextAsync<ItemDoneFrame>();

        Assert.True(done.Response.Trace!.Speculative);
        Assert.Equal(ResponseStatus.Completed, done.Response.Status);
        Assert.Equal(1, driver.Chat.Requests);
        Assert.Equal("what time is it", driver.Chat.Prompts.Single()[^1].Text);
        var kinds = driver.Kinds();
        Assert.Equal(["SpeechStarted", "SpeechStopped", "InputCommitted", "ItemAdded", "ResponseCreated"], kinds.Take(5));
        Assert.Single(driver.Seen.OfType<ResponseCreatedFrame>());
    }

    [Fact]
    public async Task When_the_user_goes_on_the_answer_started_at_the_pause_is_dropped_and_the_turn_gets_a_new_one()
    {
        await using var driver = new ConversationDriver();
        driver.Recognizer.Final = "what time is it in Oslo";
        driver.Chat.Script(ScriptedAnswer.Text("It is").Then(TimeSpan.FromHours(1), new TextContent(" late.")), ScriptedAnswer.Text("Noon."));
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("what time is it");
        await driver.SendAudioAsync(TestAudio.Silence(192));
        await driver.Chat.Waiting;

        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.Recognizer.HearAsync("what time is it in Oslo");
        await driver.SendAudioAsync(TestAudio.Silence(640));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        // The second pause was the end: its own answer, started on the longer words, is the one released.
        Assert.True(done.Response.Trace!.Speculative);
        Assert.Equal("Noon.", done.Response.Output.Single().Text);
        Assert.Equal(["what time is it", "what time is it in Oslo"], driver.Chat.Prompts.Select(p => p[^1].Text));
        Assert.Single(driver.Seen.OfType<SpeechStartedFrame>());
        Assert.Single(driver.Seen.OfType<ResponseCreatedFrame>());
        Assert.DoesNotContain(driver.Seen, f => f is TextDeltaFrame { Delta: "It is" });
    }

    [Fact]
    public async Task The_latency_trace_counts_from_the_arrival_of_the_last_word_on_the_conversations_clock()
    {
        await using var driver = new ConversationDriver();
        driver.Recognizer.Final = "hello";
        driver.Chat.Script(new ScriptedAnswer([]).Then(TimeSpan.FromMilliseconds(120), new TextContent("Hi.")));
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        driver.Time.Advance(TimeSpan.FromMilliseconds(30));
        await driver.SendAudioAsync(TestAudio.Silence(640));
        await driver.Chat.Waiting;
        driver.Time.Advance(TimeSpan.FromMilliseconds(120));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        var trace = done.Response.Trace!;
        Assert.Equal(320, trace.AudioEndMs);
        Assert.Equal(30, trace[LatencyTrace.TurnDecided]);
        Assert.Equal(150, trace[LatencyTrace.FirstToken]);
    }

    [Fact]
    public async Task At_the_turn_decision_a_held_answer_speaks_the_words_it_has_without_waiting_for_its_first_piece()
    {
        var spoken = new VoiceConversationOptions { Response = new ResponseOptions { Audio = true } };
        await using var driver = new ConversationDriver(spoken);
        driver.Recognizer.Final = "tell me a story";
        // Two words, then the model is slow: the first piece (three words or a comma) is not complete at the decision.
        driver.Chat.Script(ScriptedAnswer.Text("Once upon ").Then(TimeSpan.FromSeconds(1), new TextContent("a time.")));
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("tell me a story");

        await driver.SendAudioAsync(TestAudio.Silence(64));
        await driver.Chat.Waiting;
        await driver.SendAudioAsync(TestAudio.Silence(576));
        // Audio before the clock moves on: the two words were spoken at the decision (else this waits for its guard).
        await driver.NextAsync<AudioDeltaFrame>();
        var audioBeforeTheRest = driver.Seen.OfType<AudioDeltaFrame>().Count();

        driver.Time.Advance(TimeSpan.FromSeconds(1));
        var done = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(1, audioBeforeTheRest);
        Assert.True(done.Response.Trace!.Speculative);
        Assert.Equal(2, driver.Seen.OfType<AudioDeltaFrame>().Count());
    }

    [Fact]
    public async Task Just_before_the_turn_decision_a_held_answer_speaks_the_words_it_has_so_their_audio_is_ready_at_the_decision()
    {
        var spoken = new VoiceConversationOptions { Response = new ResponseOptions { Audio = true } };
        await using var driver = new ConversationDriver(spoken);
        driver.Recognizer.Final = "tell me a story";
        driver.Chat.Script(ScriptedAnswer.Text("Once upon ").Then(TimeSpan.FromSeconds(1), new TextContent("a time.")));
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("tell me a story");
        await driver.SendAudioAsync(TestAudio.Silence(64));
        await driver.Chat.Waiting;

        // 448 ms into the pause, 52 ms before the 500 ms silence decides the turn: the voice gets the ready words now.
        await driver.SendAudioAsync(TestAudio.Silence(384));
        var first = await driver.Speakers!.FirstClause.WaitAsync(ConversationDriver.HangGuard);
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<SpeechStoppedFrame>());
        Assert.Empty(driver.Seen.OfType<AudioDeltaFrame>());

        await driver.SendAudioAsync(TestAudio.Silence(64));
        await driver.NextAsync<AudioDeltaFrame>();

        Assert.Equal("Once upon", first);
    }

    [Fact]
    public async Task At_the_turn_decision_a_held_answer_with_no_word_complete_speaks_the_one_being_written()
    {
        var spoken = new VoiceConversationOptions { Response = new ResponseOptions { Audio = true } };
        await using var driver = new ConversationDriver(spoken);
        driver.Recognizer.Final = "tell me a story";
        // One token with no space after it, then the model is slow: no word is known to be complete at the decision.
        driver.Chat.Script(ScriptedAnswer.Text("Once").Then(TimeSpan.FromSeconds(1), new TextContent(" upon a time.")));
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync("tell me a story");
        await driver.SendAudioAsync(TestAudio.Silence(64));
        await driver.Chat.Waiting;

        await driver.SendAudioAsync(TestAudio.Silence(576));
        // Audio before the clock moves on: "Once" was spoken at the decision (else this waits for its guard).
        await driver.NextAsync<AudioDeltaFrame>();

        Assert.Equal("Once", await driver.Speakers!.FirstClause);
    }
}
