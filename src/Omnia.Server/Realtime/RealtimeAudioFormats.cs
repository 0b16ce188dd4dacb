using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>The Realtime API's names for the audio formats: GA (<c>audio/pcm</c>, <c>audio/pcmu</c>, <c>audio/pcma</c>) and beta (<c>pcm16</c>, <c>g711_ulaw</c>, <c>g711_alaw</c>).</summary>
internal static class RealtimeAudioFormats
{
    /// <summary>Reads a format name in either shape.</summary>
    public static VoiceAudioFormat? Parse(string? name) => name switch
    {
        "pcm16" or "audio/pcm" => VoiceAudioFormat.Pcm16,
        "g711_ulaw" or "audio/pcmu" => VoiceAudioFormat.G711Ulaw,
        "g711_alaw" or "audio/pcma" => VoiceAudioFormat.G711Alaw,
        _ => null,
    };

    public static string GaName(this VoiceAudioFormat format) => format switch
    {
        VoiceAudioFormat.G711Ulaw => "audio/pcmu",
        VoiceAudioFormat.G711Alaw => "audio/pcma",
        _ => "audio/pcm",
    };

    public static string BetaName(this VoiceAudioFormat format) => format switch
    {
        VoiceAudioFormat.G711Ulaw => "g711_ulaw",
        VoiceAudioFormat.G711Alaw => "g711_alaw",
        _ => "pcm16",
    };
}
