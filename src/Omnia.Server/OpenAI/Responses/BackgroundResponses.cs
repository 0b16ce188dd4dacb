using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// The background responses running on this server (<c>background: true</c>): each runs without its client until
/// it ends, is cancelled through <c>POST /v1/responses/{id}/cancel</c>, or the server stops. At most
/// <see cref="MaxRunning"/> at once, so a burst of them cannot pile up work without bound. A stopping server waits
/// (within the host's shutdown timeout) until each has recorded how it ended, so none is left stored as running; one
/// it cannot wait for (or a server killed outright) is failed by the next read once the lease its run holds
/// (<see cref="ResponseLease"/>) has passed.
/// </summary>
internal sealed partial class BackgroundResponses(IHostApplicationLifetime lifetime, ILogger<BackgroundResponses> logger) : IHostedService
{
    public const int MaxRunning = 64;

    /// <summary>How long a cancel waits for the response to record that it stopped.</summary>
    public static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Running> _running = new();

    private sealed record Running(CancellationTokenSource Cancel, TaskCompletionSource Ended);

    /// <summary>True when the server is stopping, so a response cut short failed rather than was cancelled.</summary>
    public bool Stopping => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Starts <paramref name="work"/> for the response; its token fires on cancel or when the server stops.</summary>
    public void Start(string id, Func<CancellationToken, Task> work)
    {
        if (_running.Count >= MaxRunning)
            throw new ApiException(429, $"This server already runs {MaxRunning} background responses; retry when one has finished.", ApiException.InvalidRequest, "background", "rate_limit_exceeded");
        var running = new Running(CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _running[id] = running;
        _ = Task.Run(async () =>
        {
            try
            {
                await work(running.Cancel.Token);
            }
            catch (Exception e)
            {
                Failed(e, id);
            }
            finally
            {
                _running.TryRemove(id, out _);
                running.Cancel.Dispose();
                running.Ended.SetResult();
            }
        });
    }

    /// <summary>Cancels the response if it runs here, and waits until it has recorded its end; false when it does not run here.</summary>
    public async Task<bool> CancelAsync(string id, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(id, out var running)) return false;
        try
        {
            await running.Cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile.
        }
        await running.Ended.Task.WaitAsync(CancelWait, cancellationToken);
        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The host stops after <see cref="IHostApplicationLifetime.ApplicationStopping"/>, which cancelled every run: waits
    /// until each has saved its end (failed: the server stopped), or the shutdown timeout passes.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var ending = _running.Values.Select(r => r.Ended.Task).ToList();
        if (ending.Count == 0) return;
        try
        {
            await Task.WhenAll(ending).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            NotRecorded(logger, ending.Count(t => !t.IsCompleted));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server stopped before {Count} background responses recorded their end; they read as failed once their lease passes")]
    private static partial void NotRecorded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background response {Id} failed")]
    private partial void Failed(Exception exception, string id);
}
