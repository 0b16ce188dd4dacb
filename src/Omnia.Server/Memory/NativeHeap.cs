using System.Runtime.InteropServices;

namespace Omnia.Server.Memory;

/// <summary>The C library's heap, which native engines (llama.cpp's templates and tokenizer, pocketsphinx, ONNX Runtime, Skia) allocate from.</summary>
public static class NativeHeap
{
    // glibc's mallopt parameters (malloc.h): the most arenas it keeps, the top-of-heap size it gives back on free,
    // and the size from which a block gets its own mapping.
    private const int ArenaMaxParameter = -8;
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;

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
    /// Fixes glibc's mmap and trim thresholds, which it otherwise raises each time a mapped block is freed (up to
    /// 32 MB and 64 MB). Raised, large blocks (a pocketsphinx decoder's ~100 MB of tables) come from the arenas, and
    /// the free top of a thread's arena stays resident: <c>malloc_trim</c> trims only the main heap's top. Measured,
    /// a second fuzz pass against one server left 41 MB more resident than the first, all of it free in one arena.
    /// With fixed thresholds, blocks of <paramref name="mmapBytes"/> and more are mapped and unmapped on their own.
    /// </summary>
    public static void FixThresholds(int mmapBytes, int trimBytes)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallOpt(MmapThresholdParameter, mmapBytes);
            _ = MallOpt(TrimThresholdParameter, trimBytes);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc: no thresholds to fix.
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
