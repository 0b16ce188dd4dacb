namespace Omnia.Gguf;

/// <summary>The hyper-parameters of a Qwen2 decoder, enough to lay out its GGUF tensors.</summary>
/// <remarks>The presets copy the published <c>config.json</c> of the Qwen2.5 Instruct models.</remarks>
public sealed record Qwen2Shape(
    string Name,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int HeadCountKv,
    int FeedForwardLength,
    int VocabSize,
    int ContextLength,
    float RopeFreqBase,
    float RmsNormEpsilon)
{
    /// <summary>Qwen/Qwen2.5-0.5B-Instruct: 24 layers of 896, 14 query heads over 2 KV heads, tied embeddings.</summary>
    public static Qwen2Shape Qwen25HalfBInstruct { get; } =
        new("Qwen2.5-0.5B-Instruct", 896, 24, 14, 2, 4864, 151936, 32768, 1_000_000f, 1e-6f);

    /// <summary>Qwen/Qwen2.5-3B-Instruct: 36 layers of 2048, 16 query heads over 2 KV heads, tied embeddings.</summary>
    public static Qwen2Shape Qwen25ThreeBInstruct { get; } =
        new("Qwen2.5-3B-Instruct", 2048, 36, 16, 2, 11008, 151936, 32768, 1_000_000f, 1e-6f);

    /// <summary>Width of one attention head.</summary>
    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Width of the K and V projections (all KV heads together).</summary>
    public int KvLength => HeadDimension * HeadCountKv;

    /// <summary>Total number of weights, for reporting.</summary>
    public long ParameterCount
    {
        get
        {
            long e = EmbeddingLength, kv = KvLength, ff = FeedForwardLength;
            var perBlock = (2 * e * e) + (2 * e * kv) + (3 * e * ff) + e + (2 * kv) + (2 * e);
            return ((long)VocabSize * e) + (BlockCount * perBlock) + e;
        }
    }
}
