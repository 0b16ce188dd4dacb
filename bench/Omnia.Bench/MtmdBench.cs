using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Native;
using Omnia.Gguf;

namespace Omnia.Bench;

/// <summary>
/// Images/s and audio-seconds/s through libmtmd's encoder path with generated random-weight projectors: each medium
/// is tokenized (preprocessing, mel spectrogram), encoded and decoded into the language model's KV cache, the work
/// a multimodal prompt costs before its first token. Prefill of as many plain text tokens is timed beside it, so the
/// encoder's share shows.
/// </summary>
internal static class MtmdBench
{
    public static string Run(MtmdBenchOptions options, TextWriter log)
    {
        var (llm, vision, audio) = Files(options, log);
        var parameters = new ModelParams(llm)
        {
            LoadMode = LLamaLoadMode.None, GpuLayerCount = 0, ContextSize = 4096, BatchSize = 512, UBatchSize = 512,
            Threads = options.Threads, BatchThreads = options.Threads,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);

        var table = new MarkdownTable("medium", "encoder", "inputs", "positions each", "ms each p50", "ms each max", "throughput", "text prefill ms p50 (same positions)", "loadavg");
        var imageSide = options.Vision.ImageSize;
        using (var clip = Load(vision, weights, options.Threads))
        {
            var images = Enumerable.Range(0, options.Images).Select(i => Noise(imageSide * imageSide * 3, i)).ToArray();
            var (times, positions) = Measure(clip, context, images.Select(pixels => (Func<SafeMtmdEmbed>)(() =>
                SafeMtmdEmbed.FromRgbBytes((uint)imageSide, (uint)imageSide, pixels)!)).ToArray(), log, "image");
            var stats = LatencyStats.Of(times);
            table.Add("image", $"ViT {options.Vision.EmbeddingLength}×{options.Vision.BlockCount}, {imageSide}px/{options.Vision.PatchSize}", times.Length,
                positions, stats.P50, stats.Max, $"{times.Length / (times.Sum() / 1000):F2} images/s", Prefill(context, positions), SystemLoad.OneMinute());
        }

        using (var clip = Load(audio, weights, options.Threads))
        {
            var clips = Enumerable.Range(0, options.AudioClips).Select(i => Tone(clip.SampleRate, options.AudioSeconds, 200 + (150 * i))).ToArray();
            var (times, positions) = Measure(clip, context, clips.Select(samples => (Func<SafeMtmdEmbed>)(() =>
                SafeMtmdEmbed.FromAudioSamples(samples)!)).ToArray(), log, "audio");
            var stats = LatencyStats.Of(times);
            var audioSeconds = options.AudioSeconds * times.Length;
            table.Add($"audio ({options.AudioSeconds} s clips)", $"{options.Audio.ProjectorType} {options.Audio.EmbeddingLength}×{options.Audio.BlockCount}", times.Length,
                positions, stats.P50, stats.Max, $"{audioSeconds / (times.Sum() / 1000):F1} audio-s/s", Prefill(context, positions), SystemLoad.OneMinute());
        }

        return $"### mtmd encoder path ({options.Size}, LLM {options.Llm.Name} {options.LlmWeightType}, {options.Threads} threads)\n\n{table}";
    }

    private static (double[] Milliseconds, long Positions) Measure(MtmdWeights clip, LLamaContext context, Func<SafeMtmdEmbed>[] media, TextWriter log, string kind)
    {
        var prompt = "Describe this: " + (NativeApi.MtmdDefaultMarker() ?? "<media>");
        long positions = 0;
        double Once(Func<SafeMtmdEmbed> make)
        {
            var clock = Stopwatch.StartNew();
            using var embed = make();
            context.NativeHandle.MemoryClear();
            if (clip.Tokenize(prompt, true, true, [embed], out var chunks) != 0 || chunks is null)
                throw new InvalidOperationException($"libmtmd could not tokenize the {kind} prompt.");
            using (chunks)
            {
                positions = chunks.CountPositions();
                var past = 0;
                if (clip.EvaluateChunks(chunks, context.NativeHandle, ref past, 0, (int)context.BatchSize, logitsLast: true) != 0)
                    throw new InvalidOperationException($"libmtmd could not evaluate the {kind} prompt.");
            }
            return clock.Elapsed.TotalMilliseconds;
        }

        log.WriteLine($"{kind}: warm-up {Once(media[0]):F0} ms");
        var times = media.Select(Once).ToArray();
        log.WriteLine($"{kind}: {times.Length} timed, {positions} positions each");
        return (times, positions);
    }

    /// <summary>Median of three prefills of <paramref name="positions"/> text tokens, in milliseconds.</summary>
    private static double Prefill(LLamaContext context, long positions) =>
        LatencyStats.Of(Enumerable.Range(0, 3).Select(_ => PrefillOnce(context, positions))).P50;

    private static double PrefillOnce(LLamaContext context, long positions)
    {
        var tokens = Enumerable.Range(0, (int)positions).Select(i => (LLamaToken)(100 + (i % 200))).ToArray();
        context.NativeHandle.MemoryClear();
        var clock = Stopwatch.StartNew();
        var batch = new LLamaBatch();
        for (var start = 0; start < tokens.Length; start += (int)context.BatchSize)
        {
            batch.Clear();
            var count = Math.Min((int)context.BatchSize, tokens.Length - start);
            for (var i = 0; i < count; i++) batch.Add(tokens[start + i], start + i, LLamaSeqId.Zero, start + i == tokens.Length - 1);
            if (context.NativeHandle.Decode(batch) != DecodeResult.Ok) throw new InvalidOperationException("Text prefill failed.");
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static MtmdWeights Load(string path, LLamaWeights weights, int threads)
    {
        var parameters = MtmdContextParams.Default();
        parameters.UseGpu = false;
        parameters.NThreads = threads;
        return MtmdWeights.LoadFromFile(path, weights, parameters);
    }

    private static (string Llm, string Vision, string Audio) Files(MtmdBenchOptions options, TextWriter log)
    {
        Directory.CreateDirectory(options.CacheDirectory);
        string Ensure(string name, Func<GgufWriter> create)
        {
            var path = Path.Combine(options.CacheDirectory, name);
            if (File.Exists(path)) return path;
            var clock = Stopwatch.StartNew();
            create().WriteTo(path);
            log.WriteLine($"{name}: written in {clock.Elapsed.TotalSeconds:F1} s, {new FileInfo(path).Length / 1048576.0:F1} MiB");
            return path;
        }

        var tag = $"{options.Size}-seed{BenchModelCache.Seed}-v1";
        return (
            Ensure($"mtmd-llm-{tag}-{options.LlmWeightType.ToString().ToLowerInvariant()}.gguf",
                () => Qwen2RandomModel.Create(options.Llm, GgufFile.Read(options.TokenizerSource), options.LlmWeightType, BenchModelCache.Seed)),
            Ensure($"mmproj-vision-{tag}.gguf", () => ClipRandomProjector.Vision(options.Vision, BenchModelCache.Seed)),
            Ensure($"mmproj-audio-{tag}.gguf", () => ClipRandomProjector.Audio(options.Audio, BenchModelCache.Seed)));
    }

    private static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static float[] Tone(int sampleRate, int seconds, double hertz) =>
        Enumerable.Range(0, sampleRate * seconds).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * hertz * i / sampleRate))).ToArray();
}
