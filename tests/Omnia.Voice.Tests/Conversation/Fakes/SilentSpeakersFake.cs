using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;
using Omnia.Voice.Synthesis;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>Speakers over <see cref="SilentVoiceFake"/>, whatever the voice (failing with <paramref name="failure"/> when given one).</summary>
internal sealed class SilentSpeakersFake(Exception? failure = null) : ISpeakerFactory
{
    public StreamingSpeaker Create(string voice, float? speed) => new(new SilentVoiceFake(failure), new TextToSpeechOptions { VoiceId = voice }, 24000);
}
