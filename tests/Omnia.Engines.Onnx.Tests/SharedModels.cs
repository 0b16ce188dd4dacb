namespace Omnia.Engines.Onnx.Tests;

/// <summary>Finds the real model weights in <c>../shared/models</c> beside the repository root.</summary>
internal static class SharedModels
{
    public static string SileroVad => Find("silero_vad.onnx");

    private static string Find(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Omnia.slnx")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models", fileName));
                return File.Exists(path) ? path : throw new FileNotFoundException($"The shared model '{path}' is missing.", path);
            }
        }

        throw new DirectoryNotFoundException($"No directory above '{AppContext.BaseDirectory}' holds Omnia.slnx.");
    }
}
