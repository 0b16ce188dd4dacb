using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;
using Omnia.Voice.Synthesis;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>Speakers over <see cref="SilentVoiceFake"/>, whatever the voice.</summary>
internal sealed class SilentSpeakersFake : ISpeakerFactory
{
    public StreamingSpeaker Create(string voice, float? speed) => new(new SilentVoiceFake(), new TextToSpeechOptions { VoiceId = voice }, 24000);
}
