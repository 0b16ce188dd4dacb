using Microsoft.Extensions.Logging;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// This node's hold on one background response it runs: renews the response's lease in the store every
/// <see cref="BackgroundResponseOptions.LeaseRenewal"/> until disposed. A renewal that fails (the store is down) is
/// logged and the run goes on: the next one may succeed before the lease passes. A renewal that finds the response no
/// longer running under its lease (a reader on some node failed it once the lease had passed, or it was deleted)
/// cancels <see cref="Token"/>: the run stops, and what clients were told stands.
/// </summary>
/// <remarks>Disposing stops the renewals and waits for the one under way, so none comes after the response's end is saved.</remarks>
internal sealed partial class ResponseLease : IAsyncDisposable
{
    private readonly string _id;
    private readonly IResponseStore _store;
    private readonly BackgroundResponseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _run;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private volatile bool _lost;

    /// <param name="run">The run's own token (cancel, server stopping); <see cref="Token"/> fires with it.</param>
    public ResponseLease(string id, IResponseStore store, BackgroundResponseOptions options, TimeProvider time, ILogger logger, CancellationToken run)
    {
        _id = id;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _run = CancellationTokenSource.CreateLinkedTokenSource(run);
        _renewing = RenewAsync();
    }

    /// <summary>Fires when the run is cancelled or the lease is lost.</summary>
    public CancellationToken Token => _run.Token;

    /// <summary>True once a renewal found the response taken from this node: nothing of the run may be saved any more.</summary>
    public bool Lost => _lost;

    /// <summary>The end of a lease taken or renewed now.</summary>
    public DateTimeOffset NextExpiry() => _time.GetUtcNow() + _options.Lease;

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(_options.LeaseRenewal, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (await _store.RenewLeaseAsync(_id, NextExpiry(), _stop.Token)) continue;
                    _lost = true;
                    LeaseLost(_logger, _id);
                    await _run.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    RenewalFailed(_logger, e, _id);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the run ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        _run.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background response {Id} could not renew its lease; it runs on and tries again")]
    private static partial void RenewalFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background response {Id} lost its lease (recorded as failed after the lease passed, or deleted): it stops, and its end is not saved")]
    private static partial void LeaseLost(ILogger logger, string id);
}
