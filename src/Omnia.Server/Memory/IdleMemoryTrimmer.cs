using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnia.Models;

namespace Omnia.Server.Memory;

/// <summary>
/// Gives memory back to the operating system once the server has been idle for a while after work.
/// </summary>
/// <remarks>
/// <para>
/// The GC sizes its heap by recent allocation: after a burst of large requests (a 20 MB message is ~250 MB of
/// strings and buffers on its way through JSON, the template and the tokenizer) it keeps gigabytes committed, and
/// with no allocation while idle no collection ever runs to release them (measured: 3.3 GB resident a minute after
/// such a burst, under every GC mode). One aggressive, compacting collection when nothing is in flight returns it,
/// and costs no request a pause. Engines that keep warm native resources beyond their resting minimum
/// (<see cref="ITrimmableEngine"/>) free them first, and the C heap is trimmed last.
/// </para>
/// <para>
/// Whether a trim is worth it is judged by how much the process grew since the last one, not by the GC's last
/// collection: its heap size counts the dead objects of generations it has not collected since, so after a second
/// burst it reported nothing to reclaim and 570 MB of garbage stayed resident for good (measured under bench fuzz).
/// </para>
/// <para>
/// Follow-up collections, <see cref="IdleMemoryTrimmerOptions.FollowUpInterval"/> apart while still idle, release
/// what lives on only until the next gen2 collections: <c>ArrayPool&lt;T&gt;.Shared</c> drops a cached array only
/// when two gen2 collections at least 30 s apart have seen it unused (measured: 16 MB of pooled byte arrays left
/// after the first collection of an idle server, gone after the second).
/// </para>
/// </remarks>
internal sealed partial class IdleMemoryTrimmer(
    RequestActivity activity, ModelRegistry models, IOptions<IdleMemoryTrimmerOptions> options, TimeProvider time, ILogger<IdleMemoryTrimmer> logger)
    : BackgroundService
{
    private long _completedAtLastTrim;
    private long _residentAfterLastTrim;
    private int _followUpsLeft;
    private long _lastTrimAt;

    /// <summary>Reads the process's resident size; tests replace it.</summary>
    internal Func<long> ResidentBytes { get; init; } = () => Environment.WorkingSet;

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

    /// <summary>
    /// Trims when idle long enough after new work that grew the process, then follows up while still idle; returns
    /// whether it trimmed.
    /// </summary>
    internal bool TrimIfIdle(IdleMemoryTrimmerOptions settings)
    {
        if (activity.IdleFor < settings.IdleDelay) return false;
        var completed = activity.Completed;
        if (completed == _completedAtLastTrim)
        {
            if (_followUpsLeft == 0 || time.GetElapsedTime(_lastTrimAt) < settings.FollowUpInterval) return false;
            _followUpsLeft--;
            Trim();
            return true;
        }

        _completedAtLastTrim = completed;
        _followUpsLeft = 0;
        if (ResidentBytes() - _residentAfterLastTrim < settings.MinGrowthBytes) return false;
        _followUpsLeft = settings.FollowUpPasses;
        Trim();
        return true;
    }

    private void Trim()
    {
        var before = ResidentBytes();
        TrimEngines();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // Gen2 callbacks (ArrayPool's trimming among them) run on the finalizer thread after the collection: what they
        // let go of is garbage only once they are done, so it takes a second collection to free it.
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        _lastTrimAt = time.GetTimestamp();
        _residentAfterLastTrim = ResidentBytes();
        var gc = GC.GetGCMemoryInfo();
        LogTrimmed(logger, before / (1024 * 1024), _residentAfterLastTrim / (1024 * 1024), gc.TotalCommittedBytes / (1024 * 1024), gc.HeapSizeBytes / (1024 * 1024));
    }

    /// <summary>Lets every engine that keeps warm resources beyond its resting minimum free them (before the C heap is trimmed).</summary>
    private void TrimEngines()
    {
        foreach (var model in models.All)
        {
            var engine = (model.ChatClient?.GetService(typeof(ITrimmableEngine))
                ?? model.SpeechToTextClient?.GetService(typeof(ITrimmableEngine))
                ?? model.TextToSpeechClient?.GetService(typeof(ITrimmableEngine))) as ITrimmableEngine;
            engine?.TrimIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Idle: returned memory to the system ({Before} MB resident before, {After} MB after, {Committed} MB of it the GC's, {Live} MB of that live objects).")]
    private static partial void LogTrimmed(ILogger logger, long before, long after, long committed, long live);
}
