using Omnia.Cli.Hosting;
using Omnia.Gguf;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary>
/// <c>omnia serve --chat-model M --mmproj P</c> on a generated random-weight qwen2 model and a projector with a
/// LLaVA-style vision encoder and a qwen2a audio encoder (a few hundred KB in a temporary folder), started once for
/// the native multimodal tests.
/// </summary>
public sealed class NativeOmniServerFixture : IAsyncLifetime
{
    public const string ModelId = "tiny-omni";

    private static readonly Qwen2Shape Llm = new("tiny-qwen2", 64, 2, 4, 2, 128, 1024, 4096, 1_000_000f, 1e-6f);

    private readonly string _directory = Directory.CreateTempSubdirectory("omnia-native-mm-").FullName;

    public OmniaServerInstance Server { get; private set; } = null!;

    /// <summary>Embeddings one image becomes in the generated projector.</summary>
    public static int PatchCount => ClipVisionShape.Tiny(Llm.EmbeddingLength).PatchCount;

    public async Task InitializeAsync()
    {
        var model = Path.Combine(_directory, ModelId + ".gguf");
        var projector = Path.Combine(_directory, "mmproj-" + ModelId + ".gguf");
        Qwen2RandomModel.Create(Llm, GgufFile.Read(TestPaths.Stories260K), GgmlType.F32).WriteTo(model);
        ClipRandomProjector.Omni(ClipVisionShape.Tiny(Llm.EmbeddingLength), ClipAudioShape.TinyQwen2A(Llm.EmbeddingLength)).WriteTo(projector);
        Server = await OmniaServerInstance.StartAsync(new ServeSettings
        {
            ModelsDir = _directory, ChatModel = model, Projector = projector, ContextSize = 2048, Parallel = 2, Threads = 2,
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
