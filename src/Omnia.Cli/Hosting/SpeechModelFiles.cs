namespace Omnia.Cli.Hosting;

/// <summary>Finds the files of the optional speech engines (Whisper, Piper) in the models directory.</summary>
internal static class SpeechModelFiles
{
    /// <summary>
    /// The configured Whisper model (a path, or a file name in <paramref name="modelsDir"/>), else the first
    /// <c>ggml-*.bin</c> there by name; null when there is none.
    /// </summary>
    public static string? FindWhisperModel(string modelsDir, string? configured) =>
        configured is not null ? InModelsDir(modelsDir, configured) : FirstFile(modelsDir, "ggml-*.bin");

    /// <summary>
    /// The configured Piper voice (its <c>.onnx</c>), else the first <c>*.onnx</c> in <paramref name="modelsDir"/> with a
    /// sibling <c>.onnx.json</c> (which other ONNX models, such as Silero VAD, lack); null when there is none.
    /// </summary>
    public static string? FindPiperVoice(string modelsDir, string? configured) =>
        configured is not null
            ? InModelsDir(modelsDir, configured)
            : Directory.Exists(modelsDir)
                ? Directory.EnumerateFiles(modelsDir, "*.onnx").Where(f => File.Exists(f + ".json")).Order(StringComparer.Ordinal).FirstOrDefault()
                : null;

    /// <summary>The served id of a Whisper model file: <c>ggml-base.bin</c> is <c>whisper-base</c>, as the catalog names it.</summary>
    public static string WhisperModelId(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return "whisper-" + (stem.StartsWith("ggml-", StringComparison.Ordinal) ? stem["ggml-".Length..] : stem);
    }

    /// <summary>The served id of a Piper voice file: <c>en_US-lessac-medium.onnx</c> is <c>piper-en_US-lessac-medium</c>.</summary>
    public static string PiperModelId(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return stem.StartsWith("piper", StringComparison.OrdinalIgnoreCase) ? stem : "piper-" + stem;
    }

    private static string InModelsDir(string modelsDir, string configured) =>
        Path.IsPathRooted(configured) || configured.Contains('/', StringComparison.Ordinal) ? configured : Path.Combine(modelsDir, configured);

    private static string? FirstFile(string modelsDir, string pattern) =>
        Directory.Exists(modelsDir) ? Directory.EnumerateFiles(modelsDir, pattern).Order(StringComparer.Ordinal).FirstOrDefault() : null;
}
