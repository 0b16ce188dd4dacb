using System.Diagnostics;
using Omnia.Gguf;

namespace Omnia.Bench;

/// <summary>Generates the random-weight bench model once and reuses the file afterwards.</summary>
internal static class BenchModelCache
{
    public const ulong Seed = 20251125;

    // Bump when Qwen2RandomModel's output changes, so a stale cached file is not measured.
    private const int GeneratorVersion = 2;

    public static string Ensure(LlmBenchOptions options, TextWriter log)
    {
        var name = options.Shape.Name.ToLowerInvariant().Replace("-instruct", string.Empty, StringComparison.Ordinal);
        var path = Path.Combine(
            options.ModelCacheDirectory,
            $"{name}-random-{options.WeightType.ToString().ToLowerInvariant()}-seed{Seed}-v{GeneratorVersion}.gguf");
        if (File.Exists(path))
        {
            log.WriteLine($"model: reusing {path}");
            return path;
        }

        if (!File.Exists(options.TokenizerSource))
        {
            throw new FileNotFoundException(
                $"The tokenizer source {options.TokenizerSource} is missing (expected ../shared/models/stories260K.gguf).",
                options.TokenizerSource);
        }

        Directory.CreateDirectory(options.ModelCacheDirectory);
        log.WriteLine($"model: generating {path} ({options.Shape.ParameterCount / 1e6:F0}M parameters, {options.WeightType}) ...");
        var clock = Stopwatch.StartNew();
        Qwen2RandomModel.Create(options.Shape, GgufFile.Read(options.TokenizerSource), options.WeightType, Seed).WriteTo(path);
        log.WriteLine($"model: written in {clock.Elapsed.TotalSeconds:F1} s, {new FileInfo(path).Length / 1048576.0:F0} MiB");
        return path;
    }
}
