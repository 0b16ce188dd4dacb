using Omnia.Tests;
using Omnia.Engines.Onnx.Vad;

namespace Omnia.Engines.Onnx.Tests.Vad;

/// <summary>The real Silero VAD from <c>../shared/models</c>, loaded once and shared by a test class, as the server shares it.</summary>
public sealed class SileroVadFixture : IDisposable
{
    public SileroVad Vad { get; } = new(TestPaths.SileroVad);

    public void Dispose() => Vad.Dispose();
}
