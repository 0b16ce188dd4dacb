using Omnia.Gguf;

namespace Omnia.Bench;

/// <summary>What one <c>mtmd</c> bench run encodes: the shapes of the generated model and projectors, and how much.</summary>
internal sealed record MtmdBenchOptions
{
    /// <summary><c>tiny</c> (the test fixtures' shapes) or <c>base</c> (ViT-B/16 at 224 px and a Whisper-base-sized encoder into Qwen2.5-0.5B).</summary>
    public required string Size { get; init; }

    public required string TokenizerSource { get; init; }

    public required string CacheDirectory { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int Images { get; init; } = 8;

    public int AudioClips { get; init; } = 3;

    /// <summary>
    /// Length of each clip. libmtmd pads audio to 30 s chunks; see bench/README.md for what a clip costs in positions.
    /// </summary>
    public int AudioSeconds { get; init; } = 30;

    private static readonly Qwen2Shape Tiny = new("tiny-qwen2", 64, 2, 4, 2, 128, 1024, 4096, 1_000_000f, 1e-6f);

    public Qwen2Shape Llm => Size == "base" ? Qwen2Shape.Qwen25HalfBInstruct with { ContextLength = 4096 } : Tiny;

    public GgmlType LlmWeightType => Size == "base" ? GgmlType.Q4_0 : GgmlType.F32;

    public ClipVisionShape Vision => Size == "base"
        ? new ClipVisionShape(224, 16, 768, 12, 12, 3072, Llm.EmbeddingLength, Llm.EmbeddingLength)
        : ClipVisionShape.Tiny(Llm.EmbeddingLength);

    public ClipAudioShape Audio => Size == "base"
        ? new ClipAudioShape("qwen2a", 128, 512, 6, 8, 2048, ClipAudioShape.PositionsPerChunk, 1, 0, Llm.EmbeddingLength)
        : ClipAudioShape.TinyQwen2A(Llm.EmbeddingLength);
}
