using System.Runtime.InteropServices;

namespace Omnia.Server.Memory;

/// <summary>The C library's heap, which native engines (llama.cpp's templates and tokenizer, Skia, ffmpeg pipes) allocate from.</summary>
internal static class NativeHeap
{
    /// <summary>
    /// Returns glibc's free heap pages to the system. glibc raises its mmap threshold after a large block is freed, so
    /// later large blocks come from the heap, and freed ones in its middle stay resident until trimmed.
    /// </summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): nothing to do.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
