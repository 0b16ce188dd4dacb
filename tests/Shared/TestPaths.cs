namespace Omnia.Tests;

/// <summary>Where tests find the repository and the real model weights in <c>../shared/models</c>.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedModels { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "models"));

    public static string Stories260K { get; } = Path.Combine(SharedModels, "stories260K.gguf");

    public static string SileroVad { get; } = Path.Combine(SharedModels, "silero_vad.onnx");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Omnia.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Omnia.slnx not found above " + AppContext.BaseDirectory);
    }
}
