using Omnia.Tests;

namespace Omnia.Engines.Llama.Tests;

/// <summary>The real stories260K model, loaded once and shared by the engine tests (16 sequences, small context).</summary>
public sealed class Stories260KModel : IDisposable
{
    public Stories260KModel() =>
        Model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, ContextSize = 256, Parallel = 16, Threads = 2 });

    public LlamaModel Model { get; }

    public void Dispose() => Model.Dispose();
}
