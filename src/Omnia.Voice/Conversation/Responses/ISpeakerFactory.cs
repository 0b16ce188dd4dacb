using Omnia.Voice.Synthesis;

namespace Omnia.Voice.Conversation;

/// <summary>Gives a response its voice.</summary>
public interface ISpeakerFactory
{
    /// <summary>A speaker for <paramref name="voice"/> at <paramref name="speed"/>, producing 24 kHz audio.</summary>
    /// <exception cref="ConversationException">No such voice (<c>invalid_value</c>).</exception>
    StreamingSpeaker Create(string voice, float? speed);
}
