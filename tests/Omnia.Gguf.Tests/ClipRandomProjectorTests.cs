using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Omnia.Gguf.Tests;

public class ClipRandomProjectorTests
{
    // The projector's output must be the language model's embedding length (64 here); the context holds a 30 s chunk.
    private static readonly Qwen2Shape Llm = new("tiny-qwen2", 64, 2, 4, 2, 128, 1024, 4096, 1_000_000f, 1e-6f);

    [Fact]
    public void The_vision_projector_has_llavas_tensor_names_and_uint32_keys()
    {
        var writer = ClipRandomProjector.Vision(ClipVisionShape.Tiny(64));
        var tensors = writer.Tensors.ToDictionary(t => t.Name);

        Assert.Equal([8L, 8L, 3L, 32L], tensors["v.patch_embd.weight"].Shape);
        Assert.Equal([32L, 16L], tensors["v.position_embd.weight"].Shape);
        Assert.Equal([64L, 64L], tensors["mm.2.weight"].Shape);
        Assert.All(writer.Metadata.Where(kv => kv.Value.Type is GgufValueType.Int32 or GgufValueType.UInt16 or GgufValueType.Int64), kv => Assert.Fail(kv.Key));
        Assert.Contains(writer.Metadata, kv => kv.Key == "clip.vision.image_mean");
    }

    [Fact]
    public void A_generated_vision_projector_encodes_images_into_the_language_model_and_the_image_changes_the_logits()
    {
        using var llmFile = new TemporaryFile();
        using var projectorFile = new TemporaryFile();
        Qwen2RandomModel.Create(Llm, GgufFile.Read(SharedModels.Stories260K), GgmlType.F32).WriteTo(llmFile.Path);
        ClipRandomProjector.Vision(ClipVisionShape.Tiny(Llm.EmbeddingLength)).WriteTo(projectorFile.Path);

        using var session = new Session(llmFile.Path, projectorFile.Path);
        Assert.True(session.Clip.SupportsVision);

        var red = session.LogitsAfter(SafeMtmdEmbed.FromRgbBytes(32, 32, Solid(32, 32, 255, 0, 0))!);
        var redAgain = session.LogitsAfter(SafeMtmdEmbed.FromRgbBytes(32, 32, Solid(32, 32, 255, 0, 0))!);
        var blue = session.LogitsAfter(SafeMtmdEmbed.FromRgbBytes(32, 32, Solid(32, 32, 0, 0, 255))!);

        Assert.Equal(red, redAgain);
        Assert.True(MaxDifference(red, blue) > 1e-3f, "a different image gives different next-token logits");
    }

    [Fact]
    public void A_generated_qwen2a_projector_encodes_audio_and_the_sound_changes_the_logits()
    {
        using var llmFile = new TemporaryFile();
        using var projectorFile = new TemporaryFile();
        Qwen2RandomModel.Create(Llm, GgufFile.Read(SharedModels.Stories260K), GgmlType.F32).WriteTo(llmFile.Path);
        ClipRandomProjector.Audio(ClipAudioShape.TinyQwen2A(Llm.EmbeddingLength)).WriteTo(projectorFile.Path);

        using var session = new Session(llmFile.Path, projectorFile.Path);
        Assert.True(session.Clip.SupportsAudio);
        Assert.Equal(16000, session.Clip.SampleRate);

        var low = session.LogitsAfter(SafeMtmdEmbed.FromAudioSamples(Tone(220, 16000))!);
        var high = session.LogitsAfter(SafeMtmdEmbed.FromAudioSamples(Tone(3000, 16000))!);

        Assert.True(session.LastPositions > 100, $"a 30 s chunk became {session.LastPositions} positions");
        Assert.True(MaxDifference(low, high) > 1e-3f, "a different sound gives different next-token logits");
    }

    private static byte[] Solid(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3) (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        return pixels;
    }

    private static float[] Tone(double hertz, int sampleRate) =>
        Enumerable.Range(0, sampleRate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hertz * i / sampleRate))).ToArray();

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();

    /// <summary>One model, projector and context; each call evaluates a fresh prompt of text around one medium.</summary>
    private sealed class Session : IDisposable
    {
        private readonly LLamaWeights _weights;
        private readonly LLamaContext _context;

        public Session(string llmPath, string projectorPath)
        {
            var parameters = new ModelParams(llmPath) { LoadMode = LLamaLoadMode.None, GpuLayerCount = 0, ContextSize = 4096, BatchSize = 512 };
            _weights = LLamaWeights.LoadFromFile(parameters);
            _context = _weights.CreateContext(parameters);
            var clipParams = MtmdContextParams.Default();
            clipParams.UseGpu = false;
            clipParams.NThreads = 2;
            Clip = MtmdWeights.LoadFromFile(projectorPath, _weights, clipParams);
        }

        public MtmdWeights Clip { get; }

        public long LastPositions { get; private set; }

        public float[] LogitsAfter(SafeMtmdEmbed media)
        {
            using (media)
            {
                _context.NativeHandle.MemoryClear();
                var prompt = "Once upon a time " + NativeApi.MtmdDefaultMarker() + " there was";
                Assert.Equal(0, Clip.Tokenize(prompt, true, true, [media], out var tokenized));
                using (var chunks = tokenized!)
                {
                    LastPositions = chunks.CountPositions();
                    var past = 0;
                    Assert.Equal(0, Clip.EvaluateChunks(chunks, _context.NativeHandle, ref past, 0, 512, logitsLast: true));
                    return _context.NativeHandle.GetLogitsIth(-1).ToArray();
                }
            }
        }

        public void Dispose()
        {
            Clip.Dispose();
            _context.Dispose();
            _weights.Dispose();
        }
    }
}
