namespace Omnia.Engines.Llama.Multimodal;

/// <summary>
/// Checks a projector file for the mistakes that make libmtmd abort the whole process (a failed assertion, not an
/// error it returns) or pair it with the wrong model, so loading refuses them with a message instead.
/// </summary>
/// <remarks>The rules come from llama.cpp's clip loader (<c>tools/mtmd/clip.cpp</c>) and what was measured here.</remarks>
internal static class ProjectorPreflight
{
    /// <summary>Whisper-style encoders see audio in 30 s chunks of 3000 mel frames, 1500 positions after the convolutions.</summary>
    private const int AudioPositionsPerChunk = 1500;

    private static readonly HashSet<string> WhisperStyle = ["qwen2a", "ultravox", "voxtral", "meralion", "musicflamingo", "glma"];
    private static readonly HashSet<string> StacksFrames = ["ultravox", "voxtral", "meralion", "glma"];

    // clip reads these with gguf_get_val_i32; every other integer key it reads as UINT32 and asserts the type.
    private static readonly HashSet<string> SignedKeys = ["clip.minicpmv_version"];

    /// <exception cref="InvalidDataException">The file would abort libmtmd or does not fit the language model.</exception>
    public static void Check(string path, int textEmbeddingLength)
    {
        var header = ProjectorHeader.Read(path);
        var name = Path.GetFileName(path);
        var architecture = header.String("general.architecture");
        if (architecture != "clip")
            throw new InvalidDataException($"'{name}' is not a multimodal projector: its general.architecture is '{architecture ?? "(none)"}', not 'clip'.");

        foreach (var (key, (type, _)) in header.Metadata)
        {
            if (key.StartsWith("clip.", StringComparison.Ordinal) && IsInteger(type) && type != GgufType.UInt32 && !SignedKeys.Contains(key))
                throw new InvalidDataException($"'{name}': {key} is stored as {type}; llama.cpp reads it only as UINT32.");
        }

        var vision = header.Bool("clip.has_vision_encoder");
        var audio = header.Bool("clip.has_audio_encoder");
        if (!vision && !audio)
            throw new InvalidDataException($"'{name}' has neither a vision nor an audio encoder.");

        var common = header.String("clip.projector_type");
        if (vision) CheckVision(header, name, common ?? header.String("clip.vision.projector_type"), textEmbeddingLength);
        if (audio) CheckAudio(header, name, common ?? header.String("clip.audio.projector_type"), textEmbeddingLength);
    }

    private static void CheckVision(ProjectorHeader header, string name, string? type, int textEmbeddingLength)
    {
        foreach (var key in new[] { "clip.vision.image_mean", "clip.vision.image_std" })
        {
            if (!header.Metadata.TryGetValue(key, out var value) || value.Type != GgufType.Array || (long)value.Value! < 3)
                throw new InvalidDataException($"'{name}' has a vision encoder but no three-value {key}.");
        }

        if (type is "mlp" or "mlp_norm")
        {
            var imageSize = header.Integer("clip.vision.image_size") ?? 0;
            var patchSize = header.Integer("clip.vision.patch_size") ?? 0;
            if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0)
                throw new InvalidDataException($"'{name}': image_size {imageSize} is not a positive multiple of patch_size {patchSize}.");
            var patches = (imageSize / patchSize) * (imageSize / patchSize) + (header.Tensors.ContainsKey("v.class_embd") ? 1 : 0);
            var rows = Rows(header, "v.position_embd.weight");
            if (rows < patches)
                throw new InvalidDataException($"'{name}': an image takes {patches} positions but v.position_embd.weight has {rows} rows.");
        }

        var output = type switch
        {
            "mlp" => Width(header, "mm.2.weight", 1) ?? Width(header, "mm.0.weight", 1),
            _ => null,
        };
        CheckOutput(name, "vision", output, textEmbeddingLength);
    }

    private static void CheckAudio(ProjectorHeader header, string name, string? type, int textEmbeddingLength)
    {
        if (type is null) throw new InvalidDataException($"'{name}' has an audio encoder but no projector type.");
        // Qwen2.5-Omni's legacy files name one type for both encoders; clip reads its audio half as qwen2a.
        if (type == "qwen2.5o") type = "qwen2a";
        if (StacksFrames.Contains(type))
        {
            var stack = header.Integer("clip.audio.projector.stack_factor") ?? 0;
            if (stack <= 0)
                throw new InvalidDataException($"'{name}': a {type} projector needs a positive clip.audio.projector.stack_factor.");
            // libmtmd aborts when a voxtral chunk's 750 pooled frames do not split evenly into stacks.
            if (type == "voxtral" && AudioPositionsPerChunk / 2 % stack != 0)
                throw new InvalidDataException($"'{name}': voxtral's stack_factor {stack} does not divide the {AudioPositionsPerChunk / 2} frames of a 30 s chunk.");
        }

        if (WhisperStyle.Contains(type))
        {
            var rows = Rows(header, "a.position_embd.weight");
            if (rows < AudioPositionsPerChunk)
                throw new InvalidDataException($"'{name}': a 30 s audio chunk takes {AudioPositionsPerChunk} positions but a.position_embd.weight has {rows} rows.");
        }

        var output = type switch
        {
            "qwen2a" => Width(header, "mm.a.fc.weight", 1),
            "ultravox" or "voxtral" => Width(header, "mm.a.mlp.2.weight", 1),
            _ => null,
        };
        CheckOutput(name, "audio", output, textEmbeddingLength);
    }

    private static void CheckOutput(string name, string encoder, long? output, int textEmbeddingLength)
    {
        if (output is { } width && width != textEmbeddingLength)
            throw new InvalidDataException(
                $"'{name}': its {encoder} projector outputs {width}-wide embeddings but the chat model's embedding length is {textEmbeddingLength}; the projector belongs to another model.");
    }

    private static long Rows(ProjectorHeader header, string tensor) =>
        header.Tensors.TryGetValue(tensor, out var shape) && shape.Length >= 2 ? shape[1] : 0;

    private static long? Width(ProjectorHeader header, string tensor, int dimension) =>
        header.Tensors.TryGetValue(tensor, out var shape) && shape.Length > dimension ? shape[dimension] : null;

    private static bool IsInteger(GgufType type) => type is GgufType.UInt8 or GgufType.Int8 or GgufType.UInt16 or GgufType.Int16
        or GgufType.UInt32 or GgufType.Int32 or GgufType.UInt64 or GgufType.Int64;
}
