namespace Omnia.Gguf.Tests;

/// <summary>A file path under the temp folder that is deleted on dispose.</summary>
internal sealed class TemporaryFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"omnia-gguf-{Guid.NewGuid():N}.gguf");

    public void Dispose() => File.Delete(Path);
}
