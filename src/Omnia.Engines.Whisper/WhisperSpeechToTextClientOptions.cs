namespace Omnia.Engines.Whisper;

/// <summary>How a <see cref="WhisperSpeechToTextClient"/> names itself and shares the machine.</summary>
public sealed class WhisperSpeechToTextClientOptions
{
    /// <summary>The model id reported in responses and metadata. Default: the file name without <c>.bin</c>.</summary>
    public string? ModelId { get; set; }

    /// <summary>
    /// How many requests decode at once, each on its own whisper.cpp state (KV caches and mel buffers, ~tens of MB for
    /// base, hundreds for large). Every decode already uses <see cref="Threads"/> cores, so more than one mostly helps
    /// when short requests queue behind a long one. Default 1.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 1;

    /// <summary>How many requests may wait, holding their audio, for a decoding slot; more are refused with
    /// <see cref="Omnia.Errors.EngineOverloadedException"/>. Default 16.</summary>
    public int MaxQueuedRequests { get; set; } = 16;

    /// <summary>CPU threads each decode uses. Default: every core.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>The longest audio one request may carry (held as 32-bit floats: 3.8 MB a minute). Default 30 minutes.</summary>
    public TimeSpan MaxAudioDuration { get; set; } = TimeSpan.FromMinutes(30);
}
