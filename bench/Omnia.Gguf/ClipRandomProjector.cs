namespace Omnia.Gguf;

/// <summary>
/// Lays out random-weight multimodal projectors (llama.cpp's <c>mmproj</c> GGUF files, read by libmtmd's clip loader),
/// for engine tests and benchmarks of the native image and audio paths.
/// </summary>
/// <remarks>
/// Tensor names and metadata keys follow llama.cpp's clip loader (<c>tools/mtmd/clip-impl.h</c>). Its traps, met
/// while building these: integer keys are read only as UINT32; <c>clip.vision.image_mean</c>/<c>image_std</c> must
/// exist (a missing one aborts the process); convolution biases are <c>[1, n]</c> so they broadcast over frames;
/// Whisper-style encoders take no bias on K. Weights are uniform with standard deviation 1/√fan_in, so embeddings
/// differ visibly from one input to another; norms are 1 and biases small.
/// </remarks>
public static class ClipRandomProjector
{
    private static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>A LLaVA-style vision projector (<c>clip.projector_type = mlp</c>).</summary>
    public static GgufWriter Vision(ClipVisionShape shape, ulong seed = 1)
    {
        var writer = Header("mlp", vision: true, audio: false);
        AddVision(writer, new TensorSet(writer, seed), shape);
        return writer;
    }

    /// <summary>A Whisper-style audio projector (<c>clip.projector_type</c> from <see cref="ClipAudioShape.ProjectorType"/>).</summary>
    public static GgufWriter Audio(ClipAudioShape shape, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var writer = Header(shape.ProjectorType, vision: false, audio: true);
        AddAudio(writer, new TensorSet(writer, seed), shape);
        return writer;
    }

    /// <summary>
    /// One file with both encoders, as Qwen2.5-Omni's projector is: the projector type is given per modality
    /// (<c>clip.vision.projector_type</c>, <c>clip.audio.projector_type</c>) and libmtmd loads each from its prefix.
    /// </summary>
    public static GgufWriter Omni(ClipVisionShape vision, ClipAudioShape audio, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var writer = Header(null, vision: true, audio: true)
            .Set("clip.vision.projector_type", GgufValue.String("mlp"))
            .Set("clip.audio.projector_type", GgufValue.String(audio.ProjectorType));
        var tensors = new TensorSet(writer, seed);
        AddVision(writer, tensors, vision);
        AddAudio(writer, tensors, audio);
        return writer;
    }

    private static void AddVision(GgufWriter writer, TensorSet t, ClipVisionShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.ImageSize % shape.PatchSize != 0 || shape.EmbeddingLength % shape.HeadCount != 0)
        {
            throw new ArgumentException($"{shape}: the patch must divide the image and the heads the embedding.", nameof(shape));
        }

        const string k = "clip.vision.";
        writer
            .Set(k + "image_size", GgufValue.UInt32((uint)shape.ImageSize))
            .Set(k + "patch_size", GgufValue.UInt32((uint)shape.PatchSize))
            .Set(k + "image_mean", GgufValue.Array(ClipMean))
            .Set(k + "image_std", GgufValue.Array(ClipStd));
        Encoder(writer, "vision", shape.EmbeddingLength, shape.BlockCount, shape.HeadCount, shape.FeedForwardLength, shape.OutputLength);

        long e = shape.EmbeddingLength, p = shape.PatchSize;
        t.Random("v.patch_embd.weight", GgmlType.F16, [p, p, 3, e], fanIn: p * p * 3);
        t.Small("v.patch_embd.bias", [e]);
        t.Random("v.position_embd.weight", GgmlType.F32, [e, shape.PatchCount], fanIn: 1);
        t.Norm("v.pre_ln", e);
        Blocks(t, "v", shape.EmbeddingLength, shape.BlockCount, shape.FeedForwardLength, keyBias: true);
        t.Random("mm.0.weight", GgmlType.F32, [e, shape.ProjectorHiddenLength], e);
        t.Small("mm.0.bias", [shape.ProjectorHiddenLength]);
        t.Random("mm.2.weight", GgmlType.F32, [shape.ProjectorHiddenLength, shape.OutputLength], shape.ProjectorHiddenLength);
        t.Small("mm.2.bias", [shape.OutputLength]);
    }

    private static void AddAudio(GgufWriter writer, TensorSet t, ClipAudioShape shape)
    {
        if (shape.ProjectorType is not ("qwen2a" or "ultravox"))
        {
            throw new ArgumentException($"Projector type '{shape.ProjectorType}' is not generated; use qwen2a or ultravox.", nameof(shape));
        }

        if (shape.EmbeddingLength % shape.HeadCount != 0 || shape.StackFactor < 1)
        {
            throw new ArgumentException($"{shape}: the heads must divide the embedding and the stack factor be positive.", nameof(shape));
        }

        writer.Set("clip.audio.num_mel_bins", GgufValue.UInt32((uint)shape.MelBinCount));
        if (shape.ProjectorType == "ultravox")
        {
            writer.Set("clip.audio.projector.stack_factor", GgufValue.UInt32((uint)shape.StackFactor));
        }

        Encoder(writer, "audio", shape.EmbeddingLength, shape.BlockCount, shape.HeadCount, shape.FeedForwardLength, shape.OutputLength);

        long e = shape.EmbeddingLength;
        t.Random("a.conv1d.1.weight", GgmlType.F16, [3, shape.MelBinCount, e], fanIn: 3 * shape.MelBinCount);
        t.Small("a.conv1d.1.bias", [1, e]);
        t.Random("a.conv1d.2.weight", GgmlType.F16, [3, e, e], fanIn: 3 * e);
        t.Small("a.conv1d.2.bias", [1, e]);
        t.Random("a.position_embd.weight", GgmlType.F32, [e, shape.PositionCount], fanIn: 1);
        Blocks(t, "a", shape.EmbeddingLength, shape.BlockCount, shape.FeedForwardLength, keyBias: false);
        t.Norm("a.post_ln", e);
        if (shape.ProjectorType == "qwen2a")
        {
            t.Random("mm.a.fc.weight", GgmlType.F32, [e, shape.OutputLength], e);
            t.Small("mm.a.fc.bias", [shape.OutputLength]);
        }
        else
        {
            long stacked = e * shape.StackFactor, hidden = shape.ProjectorHiddenLength;
            t.Ones("mm.a.norm_pre.weight", [stacked]);
            t.Random("mm.a.mlp.1.weight", GgmlType.F32, [stacked, 2 * hidden], stacked);
            t.Ones("mm.a.norm_mid.weight", [hidden]);
            t.Random("mm.a.mlp.2.weight", GgmlType.F32, [hidden, shape.OutputLength], hidden);
        }
    }

    private static GgufWriter Header(string? projectorType, bool vision, bool audio)
    {
        var writer = new GgufWriter()
            .Set("general.architecture", GgufValue.String("clip"))
            .Set("general.name", GgufValue.String($"random {projectorType ?? "omni"} projector"))
            .Set("general.file_type", GgufValue.UInt32(1));
        if (projectorType is not null) writer.Set("clip.projector_type", GgufValue.String(projectorType));
        return writer
            .Set("clip.has_vision_encoder", GgufValue.Bool(vision))
            .Set("clip.has_audio_encoder", GgufValue.Bool(audio))
            .Set("clip.use_gelu", GgufValue.Bool(true));
    }

    private static void Encoder(GgufWriter writer, string modality, int embedding, int blocks, int heads, int feedForward, int output)
    {
        var k = $"clip.{modality}.";
        writer
            .Set(k + "embedding_length", GgufValue.UInt32((uint)embedding))
            .Set(k + "feed_forward_length", GgufValue.UInt32((uint)feedForward))
            .Set(k + "block_count", GgufValue.UInt32((uint)blocks))
            .Set(k + "projection_dim", GgufValue.UInt32((uint)output))
            .Set(k + "attention.head_count", GgufValue.UInt32((uint)heads))
            .Set(k + "attention.layer_norm_epsilon", GgufValue.Float32(1e-5f));
    }

    private static void Blocks(TensorSet t, string prefix, long e, int blocks, long ff, bool keyBias)
    {
        for (var b = 0; b < blocks; b++)
        {
            var p = $"{prefix}.blk.{b}.";
            t.Norm(p + "ln1", e);
            foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_out" })
            {
                t.Random(p + name + ".weight", GgmlType.F32, [e, e], e);
                if (name != "attn_k" || keyBias) t.Small(p + name + ".bias", [e]);
            }

            t.Norm(p + "ln2", e);
            t.Random(p + "ffn_up.weight", GgmlType.F32, [e, ff], e);
            t.Small(p + "ffn_up.bias", [ff]);
            t.Random(p + "ffn_down.weight", GgmlType.F32, [ff, e], ff);
            t.Small(p + "ffn_down.bias", [e]);
        }
    }

    /// <summary>Adds tensors with values derived from the seed and the tensor's position, so the file is reproducible.</summary>
    private sealed class TensorSet(GgufWriter writer, ulong seed)
    {
        private int _index;

        public void Random(string name, GgmlType type, long[] shape, long fanIn)
        {
            // Uniform on [-a, a] has variance a²/3, so a = sqrt(3 / fan_in) gives variance 1/fan_in.
            var amplitude = MathF.Sqrt(3f / fanIn);
            writer.AddTensor(name, type, shape, Uniform(_index++, amplitude));
        }

        public void Small(string name, long[] shape) => writer.AddTensor(name, GgmlType.F32, shape, Uniform(_index++, 0.02f));

        public void Ones(string name, long[] shape) => writer.AddTensor(name, GgmlType.F32, shape, (_, values) => values.Fill(1f));

        public void Norm(string prefix, long length)
        {
            Ones(prefix + ".weight", [length]);
            writer.AddTensor(prefix + ".bias", GgmlType.F32, [length], (_, values) => values.Clear());
        }

        private GgufRowSource Uniform(int tensorIndex, float amplitude) => (row, values) =>
        {
            var random = new SplitMixRandom(SplitMixRandom.Derive(seed, tensorIndex, row));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextSigned() * amplitude;
            }
        };
    }
}
