namespace Omnia.Server.Memory;

/// <summary>When the server hands memory it no longer uses back to the operating system.</summary>
public sealed class IdleMemoryTrimmerOptions
{
    /// <summary>Trim after this long with no request in flight. Default 30 s; zero turns trimming off.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often idleness is checked. Default 10 s.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Trim only when the GC holds at least this much more memory than live objects need. Default 64 MiB.</summary>
    public long MinReclaimableBytes { get; set; } = 64L * 1024 * 1024;
}
