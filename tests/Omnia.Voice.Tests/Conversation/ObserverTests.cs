using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>Observers see every frame as it goes out, in order, stamped by the conversation's clock; one that fails is reported, once.</summary>
public sealed class ObserverTests
{
    private sealed class RecordingObserver(Func<VoiceFrame, bool>? failOn = null) : IVoiceFrameObserver
    {
        public List<VoiceFrame> Frames { get; } = [];

        public void OnFrame(VoiceFrame frame)
        {
            Frames.Add(frame);
            if (failOn?.Invoke(frame) == true) throw new InvalidOperationException("The observer broke.");
        }
    }

    [Fact]
    public async Task An_observer_sees_each_frame_before_the_reader_with_the_clocks_time()
    {
        var observer = new RecordingObserver();
        await using var driver = new ConversationDriver(observer: observer);
        driver.Time.Advance(TimeSpan.FromSeconds(5));

        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Hi"), null));
        await driver.SendAsync(new CreateResponse(null));
        await driver.NextAsync<ResponseDoneFrame>();

        Assert.Equal(driver.Seen, observer.Frames.Take(driver.Seen.Count));
        Assert.All(observer.Frames, f => Assert.Equal(driver.Time.GetTimestamp(), f.Timestamp));
    }

    [Fact]
    public async Task An_observer_that_throws_is_reported_once_and_the_conversation_goes_on()
    {
        var observer = new RecordingObserver(failOn: f => f is ItemAddedFrame or ErrorFrame);
        await using var driver = new ConversationDriver(observer: observer);

        await driver.SendAsync(new CreateItem(ConversationItem.Message("item_1", ItemRole.User, "Hi"), null));
        var error = await driver.NextAsync<ErrorFrame>();
        await driver.SendAsync(new RetrieveItem("item_1"));
        var retrieved = await driver.NextAsync<ItemRetrievedFrame>();

        Assert.Equal("observer_failed", error.Error.Code);
        Assert.Equal(["ItemAdded", "ItemDone", "Error", "ItemRetrieved"], driver.Kinds());
        Assert.Equal("Hi", retrieved.Item.Text);
    }
}
