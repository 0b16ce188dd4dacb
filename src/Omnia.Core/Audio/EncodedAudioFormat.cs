namespace Omnia.Audio;

/// <summary>The output formats <see cref="AudioCodec"/> encodes to (OpenAI's speech <c>response_format</c> values).</summary>
public enum EncodedAudioFormat
{
    /// <summary>MP3 (LAME).</summary>
    Mp3,

    /// <summary>Opus in an Ogg container.</summary>
    Opus,

    /// <summary>AAC in ADTS framing, which can be streamed.</summary>
    Aac,

    /// <summary>FLAC.</summary>
    Flac,

    /// <summary>16-bit PCM WAV; streamed with open-ended sizes.</summary>
    Wav,

    /// <summary>Raw 16-bit signed little-endian samples, no header.</summary>
    Pcm,
}
