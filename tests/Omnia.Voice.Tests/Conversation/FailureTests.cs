using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>A failing engine becomes frames (a failed transcript or response, and an error), and the conversation goes on.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_recognizer_that_throws_gives_a_failed_transcript_and_an_error_and_the_conversation_goes_on()
    {
        await using var driver = new ConversationDriver(voiceActivity: false);
        driver.Recognizer.Failure = new InvalidOperationException("The recognizer is down.");

        await driver.SendAudioAsync(TestAudio.Silence(240));
        await driver.SendAsync(new CommitAudio());
        var failed = await driver.NextAsync<TranscriptFailedFrame>();
        var error = await driver.NextAsync<ErrorFrame>();
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_text", ItemRole.User, "hello"), null));
        var added = await driver.NextAsync<ItemAddedFrame>(f => f.Item.Id == "item_text");

        Assert.Equal("transcription_failed", failed.Error.Code);
        Assert.Equal((ConversationErrorKind.Server, "The speech could not be transcribed: The recognizer is down."), (error.Error.Kind, error.Error.Message));
        Assert.IsType<InvalidOperationException>(error.Cause);
        Assert.Equal("hello", added.Item.Text);
    }

    [Fact]
    public async Task A_chat_model_that_throws_fails_the_response_with_an_error_and_the_next_response_works()
    {
        await using var driver = new ConversationDriver();
        driver.Chat.Script(ScriptedAnswer.Failing("The engine crashed."), ScriptedAnswer.Text("Fine now."));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Hi"), null));

        await driver.SendAsync(new CreateResponse(null));
        var error = await driver.NextAsync<ErrorFrame>();
        var failed = await driver.NextAsync<ResponseDoneFrame>();
        await driver.SendAsync(new CreateResponse(null));
        var next = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(("response_failed", "The response failed: The engine crashed."), (error.Error.Code, error.Error.Message));
        Assert.Equal((ResponseStatus.Failed, "response_failed"), (failed.Response.Status, failed.Response.Failure!.Code));
        Assert.Equal(ResponseStatus.Completed, next.Response.Status);
        Assert.Equal("Fine now.", next.Response.Output.Single().Text);
    }

    [Fact]
    public async Task A_voice_that_throws_fails_the_spoken_answer_with_an_error()
    {
        await using var driver = new ConversationDriver(new VoiceConversationOptions(), speechFailure: new InvalidOperationException("espeak-ng crashed."));
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Hi"), null));

        await driver.SendAsync(new CreateResponse(null));
        var error = await driver.NextAsync<ErrorFrame>();
        var failed = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(("response_failed", "The response failed: espeak-ng crashed."), (error.Error.Code, error.Error.Message));
        Assert.Equal(ResponseStatus.Failed, failed.Response.Status);
        // The words written before the voice failed stay in the conversation, marked as cut short.
        var said = driver.Seen.OfType<OutputItemDoneFrame>().Single().Item;
        Assert.Equal(("ok", ItemStatus.Incomplete), (said.Text, said.Status));
        Assert.Equal(said, failed.Response.Output.Single());
    }

    [Fact]
    public async Task A_spoken_answer_without_a_voice_fails_with_a_clear_error()
    {
        await using var driver = new ConversationDriver(new VoiceConversationOptions(), speech: false);
        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Hi"), null));

        await driver.SendAsync(new CreateResponse(null));
        var error = await driver.NextAsync<ErrorFrame>();
        var failed = await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal("audio_unavailable", error.Error.Code);
        Assert.Equal(ResponseStatus.Failed, failed.Response.Status);
    }

    [Fact]
    public async Task A_second_response_while_one_is_in_progress_is_refused_naming_the_first()
    {
        await using var driver = new ConversationDriver();
        driver.Chat.Script(new ScriptedAnswer([]).Then(TimeSpan.FromSeconds(1), new Microsoft.Extensions.AI.TextContent("Slow.")));
        await driver.SendAsync(new CreateResponse(null));
        var created = await driver.NextAsync<ResponseCreatedFrame>();

        await driver.SendAsync(new CreateResponse(null) { CorrelationId = "evt_2" });
        var refused = await driver.NextAsync<ErrorFrame>();

        Assert.Equal(("conversation_already_has_active_response", "evt_2"), (refused.Error.Code, refused.CorrelationId));
        Assert.Contains(created.Response.Id, refused.Error.Message, StringComparison.Ordinal);
    }
}
