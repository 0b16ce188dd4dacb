using System.Runtime.InteropServices;

namespace Omnia.Server.Memory;

/// <summary>The C library's heap, which native engines (llama.cpp's templates and tokenizer, pocketsphinx, ONNX Runtime, Skia) allocate from.</summary>
public static class NativeHeap
{
    // glibc's mallopt parameter for the most arenas it keeps (M_ARENA_MAX in malloc.h).
    private const int ArenaMaxParameter = -8;

    /// <summary>
    /// Caps glibc's malloc arenas, as <c>MALLOC_ARENA_MAX</c> does. glibc gives threads arenas of their own (up to
    /// eight per core), and the free memory scattered over them stays resident: after 200 fuzzed realtime sessions
    /// the server peaked at 785 MB and kept 316 MB after idle with the default, 617 MB and 272 MB with two arenas.
    /// Call it first thing, before the threads that would take arenas start.
    /// </summary>
    public static void LimitArenas(int arenas)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallOpt(ArenaMaxParameter, arenas);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc: its allocator has no arenas to cap.
        }
    }

    /// <summary>
    /// Returns glibc's free heap pages to the system. glibc raises its mmap threshold after a large block is freed, so
    /// later large blocks come from the heap, and freed ones in its middle stay resident until trimmed.
    /// </summary>
    internal static void Trim()
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

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);
}
