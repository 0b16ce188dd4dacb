using Omnia.Gguf;
using Omnia.Tests;

namespace Omnia.Engines.Llama.Tests;

/// <summary>
/// A random-weight qwen2 model served three times: with a generated LLaVA-style vision projector, with a qwen2a
/// audio projector, and with one file holding both (as Qwen2.5-Omni's does). Written to a temporary folder (a few
/// hundred KB) and loaded once for the multimodal tests.
/// </summary>
public sealed class MultimodalModels : IDisposable
{
    /// <summary>64 wide, so the projectors output 64; a 4096-token trained context holds a 30 s audio chunk.</summary>
    public static readonly Qwen2Shape Llm = new("tiny-qwen2", 64, 2, 4, 2, 128, 1024, 4096, 1_000_000f, 1e-6f);

    private readonly string _directory = Directory.CreateTempSubdirectory("omnia-mtmd-").FullName;

    public MultimodalModels()
    {
        LlmPath = Path.Combine(_directory, "tiny-qwen2.gguf");
        VisionProjectorPath = Path.Combine(_directory, "mmproj-vision.gguf");
        AudioProjectorPath = Path.Combine(_directory, "mmproj-audio.gguf");
        OmniProjectorPath = Path.Combine(_directory, "mmproj-omni.gguf");
        Qwen2RandomModel.Create(Llm, GgufFile.Read(TestPaths.Stories260K), GgmlType.F32).WriteTo(LlmPath);
        ClipRandomProjector.Vision(ClipVisionShape.Tiny(Llm.EmbeddingLength)).WriteTo(VisionProjectorPath);
        ClipRandomProjector.Audio(ClipAudioShape.TinyQwen2A(Llm.EmbeddingLength)).WriteTo(AudioProjectorPath);
        ClipRandomProjector.Omni(ClipVisionShape.Tiny(Llm.EmbeddingLength), ClipAudioShape.TinyQwen2A(Llm.EmbeddingLength)).WriteTo(OmniProjectorPath);

        Vision = LlamaModel.Load(Options(VisionProjectorPath));
        Audio = LlamaModel.Load(Options(AudioProjectorPath));
        Omni = LlamaModel.Load(Options(OmniProjectorPath));
    }

    public string LlmPath { get; }
    public string VisionProjectorPath { get; }
    public string AudioProjectorPath { get; }
    public string OmniProjectorPath { get; }

    public LlamaModel Vision { get; }
    public LlamaModel Audio { get; }
    public LlamaModel Omni { get; }

    public LlamaEngineOptions Options(string projectorPath, int contextSize = 2048) =>
        new() { ModelPath = LlmPath, ProjectorPath = projectorPath, ContextSize = contextSize, Parallel = 4, Threads = 2 };

    /// <summary>A path in the fixture's folder for a test's own file.</summary>
    public string FilePath(string name) => Path.Combine(_directory, name);

    public void Dispose()
    {
        Vision.Dispose();
        Audio.Dispose();
        Omni.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
