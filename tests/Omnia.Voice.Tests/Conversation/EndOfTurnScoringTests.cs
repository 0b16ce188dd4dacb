using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// Semantic detection reads the chat model's probability that the words so far are a finished turn (from the prefill
/// of exactly those words): a low one waits long, a high one answers after the base pause.
/// </summary>
public sealed class EndOfTurnScoringTests
{
    private const string Unfinished = "could you book a table for";
    private const string Finished = "could you book a table for four people tonight";

    private static ConversationDriver Driver(EndOfTurnScoring scoring) => new(
        ConversationDriver.TextOnly(new TurnDetectionOptions { Kind = TurnDetectionKind.SemanticVad, Scoring = scoring }),
        prefiller: new RecordingPrefillerFake { Immediate = true, Score = heard => heard == Finished ? 0.9 : heard == Unfinished ? 0.01 : null });

    [Theory]
    [InlineData(0.7, 150)]
    [InlineData(0.9, 150)]
    [InlineData(0.69, 300)]
    [InlineData(0.3, 300)]
    [InlineData(0.15, 2150)]
    [InlineData(0.0, 4000)]
    public void Auto_eagerness_waits_half_its_base_pause_when_sure_its_base_pause_from_the_threshold_up_and_in_proportion_below_it_up_to_four_seconds(double probability, int pauseMs) =>
        Assert.Equal(pauseMs, SemanticTurn.RequiredPauseMs(TurnEagerness.Auto, "anything", probability));

    [Theory]
    [InlineData(0.29)]
    [InlineData(0.15)]
    [InlineData(0.0)]
    public void Capped_an_unlikely_end_waits_the_whole_cap_not_a_share_of_it(double probability) =>
        Assert.Equal(1200, SemanticTurn.RequiredPauseMs(TurnEagerness.Auto, "anything", probability, longestMs: SemanticTurn.UnlikelyEndPauseMs(TurnEagerness.Auto)));

    [Theory]
    [InlineData(TurnEagerness.High, 75, 150, 2000)]
    [InlineData(TurnEagerness.Medium, 150, 300, 4000)]
    [InlineData(TurnEagerness.Low, 300, 600, 8000)]
    public void Each_eagerness_has_its_sure_and_base_pauses_and_openais_longest_wait(TurnEagerness eagerness, int surePause, int basePause, int longest)
    {
        Assert.Equal(surePause, SemanticTurn.RequiredPauseMs(eagerness, "anything", 1.0));
        Assert.Equal(basePause, SemanticTurn.RequiredPauseMs(eagerness, "anything", eagerness == TurnEagerness.Low ? 0.5 : eagerness == TurnEagerness.High ? 0.1 : 0.3));
        Assert.Equal(longest, SemanticTurn.RequiredPauseMs(eagerness, "anything", 0.0));
        Assert.Equal(longest, SemanticTurn.LongestWaitMs(eagerness));
    }

    [Fact]
    public async Task An_unfinished_request_the_model_scores_low_is_not_cut_off_in_a_pause_the_word_rule_would_end()
    {
        await using var driver = Driver(EndOfTurnScoring.ChatModel);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync(Unfinished);
        await driver.SendAudioAsync(TestAudio.Speech(32));

        // 1.3 s: past the word rule's 900 ms after "for", short of the 3.9 s a probability of 0.01 asks for.
        await driver.SendAudioAsync(TestAudio.Silence(1312));
        await driver.SettledAsync();

        Assert.Empty(driver.Seen.OfType<SpeechStoppedFrame>());
    }

    [Fact]
    public async Task A_finished_request_the_model_is_sure_of_is_answered_after_half_the_base_pause()
    {
        await using var driver = Driver(EndOfTurnScoring.Auto);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync(Finished);
        await driver.SendAudioAsync(TestAudio.Speech(32));

        await driver.SendAudioAsync(TestAudio.Silence(160));
        var stopped = await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal(352, stopped.AudioEndMs);
    }

    [Fact]
    public async Task Words_decoded_only_up_to_the_pause_are_not_trusted_to_end_the_turn_until_recognition_has_heard_into_it()
    {
        await using var driver = Driver(EndOfTurnScoring.Auto);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        // The recogniser lags: these words are its hypothesis of the first 320 ms only, the last word may be missing.
        await driver.Recognizer.HearAsync(Finished, heardUntil: TimeSpan.FromMilliseconds(320));
        await driver.SendAudioAsync(TestAudio.Speech(32));

        // Longer than any wait these words would ask for: the turn waits for recognition, not for a pause.
        await driver.SendAudioAsync(TestAudio.Silence(1504));
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<SpeechStoppedFrame>());

        // Caught up past the pause's start: the same words are now the whole utterance, and the model is sure. The
        // decision comes with the words, not with more audio: a client may have sent all of it already.
        await driver.Recognizer.HearAsync(Finished, heardUntil: TimeSpan.FromMilliseconds(1800));
        var stopped = await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal(352, stopped.AudioEndMs);
    }

    [Fact]
    public async Task With_the_word_rule_chosen_the_models_probability_is_not_read()
    {
        await using var driver = Driver(EndOfTurnScoring.Words);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync(Unfinished);
        await driver.SendAudioAsync(TestAudio.Speech(32));

        // The word rule: three times the 300 ms base pause after "for".
        await driver.SendAudioAsync(TestAudio.Silence(960));
        var stopped = await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal(352, stopped.AudioEndMs);
    }

    [Fact]
    public async Task In_auto_a_models_low_score_holds_the_turn_for_four_base_pauses_only()
    {
        const string endsInAPronoun = "can you tell me what you";
        var ngram = new ScriptedTurnModelFake(_ => 0.02);
        await using var driver = new ConversationDriver(
            ConversationDriver.TextOnly(new TurnDetectionOptions { Kind = TurnDetectionKind.SemanticVad, Scoring = EndOfTurnScoring.Auto }), ngram: ngram);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync(endsInAPronoun);

        // "you" is not on the word rule's list: alone it would end the turn after 300 ms.
        await driver.SendAudioAsync(TestAudio.Silence(1152));
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<SpeechStoppedFrame>());
        await driver.SendAudioAsync(TestAudio.Silence(64));
        var stopped = await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal(320, stopped.AudioEndMs);
        Assert.Equal(endsInAPronoun, ngram.Asked.Single().Transcript);
    }

    [Theory]
    [InlineData(EndOfTurnScoring.NGram)]
    public async Task Without_the_chat_models_answer_an_installed_turn_model_is_asked_during_the_pause(EndOfTurnScoring scoring)
    {
        var ngram = new ScriptedTurnModelFake(heard => heard == Finished ? 0.95 : 0.02);
        await using var driver = new ConversationDriver(
            ConversationDriver.TextOnly(new TurnDetectionOptions { Kind = TurnDetectionKind.SemanticVad, Scoring = scoring }), ngram: ngram);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync(Unfinished);
        await driver.SendAudioAsync(TestAudio.Silence(1312));
        await driver.SettledAsync();
        Assert.Empty(driver.Seen.OfType<SpeechStoppedFrame>());

        await driver.Recognizer.HearAsync(Finished);
        await driver.SendAudioAsync(TestAudio.Silence(32));
        await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal([Unfinished, Finished], ngram.Asked.Select(a => a.Transcript));
    }

    [Fact]
    public async Task Smart_turn_hears_the_utterance_so_far_at_most_its_last_eight_seconds()
    {
        var smartTurn = new ScriptedTurnModelFake(_ => 0.9);
        await using var driver = new ConversationDriver(
            ConversationDriver.TextOnly(new TurnDetectionOptions { Kind = TurnDetectionKind.SemanticVad, Scoring = EndOfTurnScoring.SmartTurn }), smartTurn: smartTurn);
        await driver.SendAudioAsync(TestAudio.Speech(9000));
        await driver.NextAsync<SpeechStartedFrame>();
        await driver.Recognizer.HearAsync(Finished);
        // 9,000 ms is not a whole number of 32 ms frames: the pause is classified a frame later.
        await driver.SendAudioAsync(TestAudio.Silence(352));
        await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal(8000 * 16, smartTurn.Asked.Single().Audio.Length);
    }

    [Fact]
    public async Task With_no_words_recognised_yet_no_model_is_asked_and_the_word_rule_decides()
    {
        var ngram = new ScriptedTurnModelFake(_ => 0.0);
        await using var driver = new ConversationDriver(
            ConversationDriver.TextOnly(new TurnDetectionOptions { Kind = TurnDetectionKind.SemanticVad, Scoring = EndOfTurnScoring.NGram }), ngram: ngram);
        await driver.SendAudioAsync(TestAudio.Speech(320));
        await driver.SendAudioAsync(TestAudio.Silence(320));
        var stopped = await driver.NextAsync<SpeechStoppedFrame>();

        Assert.Equal(320, stopped.AudioEndMs);
        Assert.Empty(ngram.Asked);
    }
}
