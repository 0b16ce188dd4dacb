namespace Omnia.Gguf;

/// <summary>Lays out a random-weight <c>qwen2</c> GGUF model with real shapes, for benchmarks and engine tests.</summary>
/// <remarks>
/// Compute per token depends on the shapes, not on the weight values, so such a model times like the real one.
/// Tensor names follow llama.cpp's qwen2 loader; embeddings are tied, so there is no <c>output.weight</c>.
/// Weights are uniform with variance 1/fan_in (activations stay finite through every layer); norms are 1.
/// The tokenizer is copied from a small real model and padded to the shape's vocabulary with plain word-like
/// tokens (so every generated token has visible text), plus ChatML's control tokens and chat template.
/// </remarks>
public static class Qwen2RandomModel
{
    /// <summary>ChatML, the template family the Qwen2.5 Instruct models use.</summary>
    public const string ChatTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
        + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const int NormalToken = 1;
    private const int ControlToken = 3;
    private const float PaddingScore = -1e6f;
    private const string TokenizerPrefix = "tokenizer.ggml.";
    private static readonly string[] ChatMlTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    /// <summary>Builds a writer holding the whole model; call <see cref="GgufWriter.WriteTo(string)"/> to produce it.</summary>
    /// <param name="shape">The model's hyper-parameters, e.g. <see cref="Qwen2Shape.Qwen25HalfBInstruct"/>.</param>
    /// <param name="tokenizerSource">A GGUF whose <c>tokenizer.ggml.*</c> keys are copied (e.g. stories260K.gguf).</param>
    /// <param name="weightType">Type of the matrices; norms and biases are always F32.</param>
    /// <param name="seed">Same seed, same bytes.</param>
    public static GgufWriter Create(Qwen2Shape shape, GgufFile tokenizerSource, GgmlType weightType = GgmlType.Q4_0, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(tokenizerSource);
        Validate(shape);

        var writer = new GgufWriter();
        const string arch = "qwen2";
        writer
            .Set("general.architecture", GgufValue.String(arch))
            .Set("general.name", GgufValue.String($"{shape.Name} (random weights)"))
            .Set("general.file_type", GgufValue.UInt32(FileTypeOf(weightType)))
            .Set("general.quantization_version", GgufValue.UInt32(2))
            .Set($"{arch}.context_length", GgufValue.UInt32((uint)shape.ContextLength))
            .Set($"{arch}.embedding_length", GgufValue.UInt32((uint)shape.EmbeddingLength))
            .Set($"{arch}.block_count", GgufValue.UInt32((uint)shape.BlockCount))
            .Set($"{arch}.feed_forward_length", GgufValue.UInt32((uint)shape.FeedForwardLength))
            .Set($"{arch}.attention.head_count", GgufValue.UInt32((uint)shape.HeadCount))
            .Set($"{arch}.attention.head_count_kv", GgufValue.UInt32((uint)shape.HeadCountKv))
            .Set($"{arch}.rope.freq_base", GgufValue.Float32(shape.RopeFreqBase))
            .Set($"{arch}.attention.layer_norm_rms_epsilon", GgufValue.Float32(shape.RmsNormEpsilon));
        CopyTokenizer(writer, tokenizerSource, shape.VocabSize);

        long e = shape.EmbeddingLength, kv = shape.KvLength, ff = shape.FeedForwardLength;
        var tensorIndex = 0;
        void Matrix(string name, long fanIn, long rows) =>
            writer.AddTensor(name, weightType, [fanIn, rows], RandomRows(seed, tensorIndex++, fanIn));
        void Vector(string name, long length, GgufRowSource source) =>
            writer.AddTensor(name, GgmlType.F32, [length], source);

        Matrix("token_embd.weight", e, shape.VocabSize);
        for (var b = 0; b < shape.BlockCount; b++)
        {
            var p = $"blk.{b}.";
            Vector(p + "attn_norm.weight", e, Ones);
            Matrix(p + "attn_q.weight", e, e);
            Vector(p + "attn_q.bias", e, RandomRows(seed, tensorIndex++, e));
            Matrix(p + "attn_k.weight", e, kv);
            Vector(p + "attn_k.bias", kv, RandomRows(seed, tensorIndex++, e));
            Matrix(p + "attn_v.weight", e, kv);
            Vector(p + "attn_v.bias", kv, RandomRows(seed, tensorIndex++, e));
            Matrix(p + "attn_output.weight", e, e);
            Vector(p + "ffn_norm.weight", e, Ones);
            Matrix(p + "ffn_gate.weight", e, ff);
            Matrix(p + "ffn_up.weight", e, ff);
            Matrix(p + "ffn_down.weight", ff, e);
        }

        Vector("output_norm.weight", e, Ones);
        return writer;
    }

    private static void CopyTokenizer(GgufWriter writer, GgufFile source, int vocabSize)
    {
        if (!source.Metadata.TryGetValue(TokenizerPrefix + "tokens", out var tokensValue))
        {
            throw new ArgumentException("The tokenizer source has no tokenizer.ggml.tokens.", nameof(source));
        }

        var sourceTokens = tokensValue.AsArray<string>();
        if (sourceTokens.Length + ChatMlTokens.Length > vocabSize)
        {
            throw new ArgumentException(
                $"The tokenizer source has {sourceTokens.Length} tokens; a vocabulary of {vocabSize} cannot also hold ChatML's tokens.",
                nameof(source));
        }

        var sourceScores = source.Metadata.TryGetValue(TokenizerPrefix + "scores", out var s) ? s.AsArray<float>() : [];
        var sourceTypes = source.Metadata.TryGetValue(TokenizerPrefix + "token_type", out var t) ? t.AsArray<int>() : [];
        var tokens = new string[vocabSize];
        var scores = new float[vocabSize];
        var types = new int[vocabSize];
        for (var i = 0; i < vocabSize; i++)
        {
            var chatMl = i - sourceTokens.Length;
            (tokens[i], scores[i], types[i]) = i < sourceTokens.Length
                ? (sourceTokens[i], i < sourceScores.Length ? sourceScores[i] : 0f, i < sourceTypes.Length ? sourceTypes[i] : NormalToken)
                : chatMl < ChatMlTokens.Length
                    ? (ChatMlTokens[chatMl], 0f, ControlToken)
                    : ($"\u2581tok{i}", PaddingScore, NormalToken); // "▁" is SentencePiece's space: decodes to " tok123"
        }

        foreach (var (key, value) in source.MetadataWithPrefix(TokenizerPrefix))
        {
            writer.Set(key, value);
        }

        writer
            .Set(TokenizerPrefix + "tokens", GgufValue.Array(tokens))
            .Set(TokenizerPrefix + "scores", GgufValue.Array(scores))
            .Set(TokenizerPrefix + "token_type", GgufValue.Array(types))
            .Set(TokenizerPrefix + "eos_token_id", GgufValue.UInt32((uint)(sourceTokens.Length + 2)))
            // As real Qwen2.5 GGUFs: <|im_end|> ends a turn, so a prefill can read the model's end-of-turn probability.
            .Set(TokenizerPrefix + "eot_token_id", GgufValue.UInt32((uint)(sourceTokens.Length + 2)))
            .Set("tokenizer.chat_template", GgufValue.String(ChatTemplate));
    }

    private static GgufRowSource RandomRows(ulong seed, int tensorIndex, long fanIn)
    {
        // Uniform on [-a, a] has variance a²/3, so a = sqrt(3 / fan_in) gives variance 1/fan_in.
        var amplitude = MathF.Sqrt(3f / fanIn);
        return (row, values) =>
        {
            var random = new SplitMixRandom(SplitMixRandom.Derive(seed, tensorIndex, row));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextSigned() * amplitude;
            }
        };
    }

    private static void Ones(long row, Span<float> values) => values.Fill(1f);

    private static uint FileTypeOf(GgmlType weightType) => weightType switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q8_0 => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(weightType), weightType, "Unsupported weight type."),
    };

    private static void Validate(Qwen2Shape shape)
    {
        if (shape.EmbeddingLength <= 0 || shape.BlockCount <= 0 || shape.HeadCount <= 0 || shape.HeadCountKv <= 0
            || shape.FeedForwardLength <= 0 || shape.VocabSize <= 0 || shape.ContextLength <= 0)
        {
            throw new ArgumentException($"Every size in {shape} must be positive.", nameof(shape));
        }

        if (shape.EmbeddingLength % shape.HeadCount != 0 || shape.HeadCount % shape.HeadCountKv != 0)
        {
            throw new ArgumentException(
                $"{shape.Name}: embedding length must divide into heads and heads into KV groups.", nameof(shape));
        }
    }
}
