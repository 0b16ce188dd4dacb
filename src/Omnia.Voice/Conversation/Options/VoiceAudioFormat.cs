namespace Omnia.Voice.Conversation;

/// <summary>The audio a conversation's client sends and hears: 16-bit PCM at 24 kHz, or G.711 μ-law or A-law at 8 kHz.</summary>
public enum VoiceAudioFormat
{
    Pcm16,
    G711Ulaw,
    G711Alaw,
}
