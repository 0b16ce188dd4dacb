namespace Omnia.Voice.Conversation;

/// <summary>
/// Watches a conversation's frames as they go out, each with its timestamp, as Pipecat's observers do: latency
/// traces, metrics and logs are made by watching, not by code inside the conversation's steps.
/// </summary>
/// <remarks>Called on the conversation's loop, in order, before the frame is written: it must be quick. A failure is reported as an error frame.</remarks>
public interface IVoiceFrameObserver
{
    void OnFrame(VoiceFrame frame);
}
