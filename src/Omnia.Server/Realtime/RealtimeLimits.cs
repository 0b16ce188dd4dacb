namespace Omnia.Server.Realtime;

/// <summary>
/// What one realtime session may hold (configuration section <c>Omnia:RealtimeLimits</c>), so no client can grow the
/// server's memory without bound. OpenAI documents only the 15 MiB audio append and the 15 minutes of buffered audio;
/// the others are ours, chosen far above what a spoken conversation or a local model's context needs.
/// </summary>
public sealed class RealtimeLimits
{
    /// <summary>Largest client event (one WebSocket message, reassembled): 21 MiB, so a 15 MiB append fits base64-encoded.</summary>
    public int MaxEventBytes { get; set; } = 21 * 1024 * 1024;

    /// <summary>Audio in one <c>input_audio_buffer.append</c>, decoded: 15 MiB, OpenAI's limit.</summary>
    public int MaxAppendAudioBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Seconds of audio the input buffer holds until a commit; past it the oldest goes (OpenAI: 15 minutes).</summary>
    public int MaxBufferedAudioSeconds { get; set; } = 15 * 60;

    /// <summary>Items in one conversation.</summary>
    public int MaxItems { get; set; } = 1000;

    /// <summary>Characters of one item's text (its text, transcript, function arguments or output): 1 Mi, far past any local model's context.</summary>
    public int MaxItemChars { get; set; } = 1024 * 1024;

    /// <summary>The whole conversation's text (2 bytes a character) and kept audio (4 bytes a sample): 64 MiB.</summary>
    public long MaxConversationBytes { get; set; } = 64L * 1024 * 1024;
}
