using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Omnia.Server.Memory;

/// <summary>
/// Gives memory back to the operating system once the server has been idle for a while after work.
/// </summary>
/// <remarks>
/// The GC sizes its heap by recent allocation: after a burst of large requests (a 20 MB message is ~250 MB of
/// strings and buffers on its way through JSON, the template and the tokenizer) it keeps gigabytes committed, and
/// with no allocation while idle no collection ever runs to release them (measured: 3.3 GB resident a minute after
/// such a burst, under every GC mode). One aggressive, compacting collection when nothing is in flight returns it,
/// and costs no request a pause.
/// </remarks>
internal sealed partial class IdleMemoryTrimmer(
    RequestActivity activity, IOptions<IdleMemoryTrimmerOptions> options, TimeProvider time, ILogger<IdleMemoryTrimmer> logger)
    : BackgroundService
{
    private long _completedAtLastTrim;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.IdleDelay <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                TrimIfIdle(settings);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Trims when idle long enough, after new work, with enough to reclaim; returns whether it did.</summary>
    internal bool TrimIfIdle(IdleMemoryTrimmerOptions settings)
    {
        var completed = activity.Completed;
        if (completed == _completedAtLastTrim || activity.IdleFor < settings.IdleDelay) return false;
        _completedAtLastTrim = completed;

        var info = GC.GetGCMemoryInfo();
        var reclaimable = Math.Max(0, info.TotalCommittedBytes - info.HeapSizeBytes + info.FragmentedBytes);
        if (reclaimable < settings.MinReclaimableBytes) return false;

        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        LogTrimmed(logger, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024), GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024));
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Idle: returned memory to the system ({Before} MB resident before, {After} MB after, {Committed} MB of it the GC's).")]
    private static partial void LogTrimmed(ILogger logger, long before, long after, long committed);
}
