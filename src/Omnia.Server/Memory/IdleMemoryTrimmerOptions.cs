namespace Omnia.Server.Memory;

/// <summary>When the server hands memory it no longer uses back to the operating system.</summary>
public sealed class IdleMemoryTrimmerOptions
{
    /// <summary>Trim after this long with no request in flight. Default 20 s; zero turns trimming off.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often idleness is checked. Default 5 s.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Trim only when the process has grown by at least this much since the last trim (the first trim always runs). Default 32 MiB.</summary>
    public long MinGrowthBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Collections after the first while the server stays idle, for caches that let go only on later gen2 collections. Default 2.</summary>
    public int FollowUpPasses { get; set; } = 2;

    /// <summary>Time between follow-up collections: ArrayPool drops an array two gen2 collections 30 s apart saw unused. Default 30 s.</summary>
    public TimeSpan FollowUpInterval { get; set; } = TimeSpan.FromSeconds(30);
}
