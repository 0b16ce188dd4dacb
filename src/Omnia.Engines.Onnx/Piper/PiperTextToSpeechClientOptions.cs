namespace Omnia.Engines.Onnx.Piper;

/// <summary>Where a Piper voice's config is, how it is named and how it shares the machine.</summary>
public sealed class PiperTextToSpeechClientOptions
{
    /// <summary>The voice's config. Default: the model path with <c>.json</c> appended (<c>voice.onnx.json</c>).</summary>
    public string? ConfigPath { get; set; }

    /// <summary>The model id reported in responses. Default: the model file name without <c>.onnx</c>, e.g. <c>en_US-lessac-medium</c>.</summary>
    public string? ModelId { get; set; }

    /// <summary>
    /// Voice ids that stand for one of this voice's speakers (a speaker name or number), so voice names configured
    /// for the whole server — OpenAI's "alloy", or another engine's voice ids — select a speaker here. A number past
    /// the last speaker wraps around (speaker number modulo the speaker count).
    /// </summary>
    public IReadOnlyDictionary<string, string> VoiceAliases { get; set; } = new Dictionary<string, string>();

    /// <summary>How many sentences are synthesized at once; each run already uses <see cref="Threads"/> cores. Default 1.</summary>
    public int MaxConcurrentSyntheses { get; set; } = 1;

    /// <summary>How many requests may be in progress at once; more are refused with
    /// <see cref="Omnia.Errors.EngineOverloadedException"/>. Default 16.</summary>
    public int MaxActiveRequests { get; set; } = 16;

    /// <summary>CPU threads one synthesis uses. Default: every core.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>Silence between sentences, as Piper puts it. Default 0.2 seconds.</summary>
    public TimeSpan SentenceSilence { get; set; } = TimeSpan.FromSeconds(0.2);
}
