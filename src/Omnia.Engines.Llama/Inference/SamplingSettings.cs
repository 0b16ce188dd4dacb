namespace Omnia.Engines.Llama.Inference;

/// <summary>Per-request sampling, already validated; <see cref="Grammar"/> is GBNF text with root rule <c>root</c>.</summary>
internal sealed record SamplingSettings
{
    public float Temperature { get; init; } = 1f;
    public float TopP { get; init; } = 1f;
    public int TopK { get; init; } = 40;
    public float MinP { get; init; } = 0.05f;
    public float PresencePenalty { get; init; }
    public float FrequencyPenalty { get; init; }
    public float RepeatPenalty { get; init; } = 1f;
    public uint Seed { get; init; }
    public string? Grammar { get; init; }

    /// <summary>Keep generating past end-of-generation tokens (llama.cpp server's <c>ignore_eos</c>), for benchmarks.</summary>
    public bool IgnoreEos { get; init; }
}
