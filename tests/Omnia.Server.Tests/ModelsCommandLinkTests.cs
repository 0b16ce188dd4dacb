using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary><c>omnia models</c> shows linked files by what they point to, and names a link that leads nowhere.</summary>
public sealed class ModelsCommandLinkTests : IDisposable
{
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-models-links-");

    public void Dispose() => _models.Delete(recursive: true);

    [Fact]
    public async Task Linked_files_are_installed_at_their_targets_size_and_a_dangling_link_is_named()
    {
        File.CreateSymbolicLink(Path.Combine(_models.FullName, "silero_vad.onnx"), TestPaths.SileroVad);
        var nowhere = Path.Combine(_models.FullName, "moved", "stories260K.gguf");
        File.CreateSymbolicLink(Path.Combine(_models.FullName, "stories260K.gguf"), nowhere);

        var models = await OmniaExecutable.RunAsync("models", "--models-dir", _models.FullName);

        Assert.Equal(0, models.Exit);
        Assert.Matches(@"silero-vad\s+\S+\s+installed\s+2\.2 MiB\s+silero_vad\.onnx -> " + System.Text.RegularExpressions.Regex.Escape(TestPaths.SileroVad), models.Output);
        Assert.Matches(@"stories260k\s+chat\s+dangling\s+.*stories260K\.gguf -> " + System.Text.RegularExpressions.Regex.Escape(nowhere), models.Output);
    }
}
