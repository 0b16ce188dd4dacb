namespace Omnia.Gguf.Tests;

/// <summary>Paths of the real model files in <c>../shared/models</c> beside the repository.</summary>
internal static class SharedModels
{
    public static string Stories260K => Path.Combine(Directory(), "stories260K.gguf");

    private static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Omnia.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models"));
            }
        }

        throw new InvalidOperationException("Cannot find Omnia.slnx above the test binaries.");
    }
}
