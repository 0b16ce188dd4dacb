using Microsoft.Extensions.AI;
using Omnia.Models;
using Omnia.Server.OpenAI.Audio;
using Omnia.Voice.Conversation;
using Omnia.Voice.Synthesis;

namespace Omnia.Server.Realtime;

/// <summary>Voices for realtime answers from the served text-to-speech engine, OpenAI's voice names mapped as the speech endpoint maps them.</summary>
internal sealed class RealtimeSpeakers(ServedModel engine, OmniaServerOptions options) : ISpeakerFactory
{
    public StreamingSpeaker Create(string voice, float? speed)
    {
        string resolved;
        try
        {
            resolved = VoiceResolver.Resolve(voice, engine, options, "voice");
        }
        catch (Errors.ApiException e)
        {
            throw new ConversationException("invalid_value", e.Message, "voice");
        }
        return new StreamingSpeaker(engine.TextToSpeechClient!, new TextToSpeechOptions { VoiceId = resolved, Speed = speed }, 24000);
    }
}
