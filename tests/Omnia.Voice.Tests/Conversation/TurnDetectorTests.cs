using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>The turn detector alone: its timeline is the conversation's audio, and switching detection on needs a model.</summary>
public sealed class TurnDetectorTests
{
    [Fact]
    public void A_detector_switched_on_mid_conversation_places_turns_on_the_conversations_timeline()
    {
        using var detector = new TurnDetector(new LoudnessVoiceActivityFake());
        detector.Configure(new TurnDetectionOptions { Kind = TurnDetectionKind.None }, 0);

        detector.Configure(new TurnDetectionOptions(), audioMs: 10_000);
        var events = detector.Process([.. TestAudio.Silence(320), .. TestAudio.Speech(320), .. TestAudio.Silence(640)]);

        // Speech from 320 ms of the detector's audio, with 300 ms of prefix padding; it ends at 640 ms.
        Assert.Equal([new UserStartedSpeaking(10_020, 10_320), new UserPaused(10_640, false), new UserTurnEnded(10_640)], events);
    }

    [Fact]
    public void Switching_detection_on_without_a_voice_activity_model_is_refused_and_changes_nothing()
    {
        using var detector = new TurnDetector(voiceActivity: null);
        detector.Configure(new TurnDetectionOptions { Kind = TurnDetectionKind.None }, 0);

        var refused = Assert.Throws<ConversationException>(() => detector.Configure(new TurnDetectionOptions(), 0));

        Assert.Equal("turn_detection_unavailable", refused.Code);
        Assert.False(detector.IsActive);
        Assert.Empty(detector.Process(TestAudio.Speech(320)));
    }
}
