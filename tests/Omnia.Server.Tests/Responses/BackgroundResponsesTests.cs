using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Responses;

namespace Omnia.Server.Tests.Responses;

/// <summary>The registry of background responses: its bound, and a cancel that returns only once the response recorded its end.</summary>
public sealed class BackgroundResponsesTests
{
    /// <summary>A host lifetime whose stopping token the test fires (a fake: no host runs).</summary>
    private sealed class HostLifetimeFake : IHostApplicationLifetime
    {
        public CancellationTokenSource Stopping { get; } = new();
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => Stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => Stopping.Cancel();
    }

    [Fact]
    public async Task A_cancel_waits_until_the_work_recorded_its_end()
    {
        var background = new BackgroundResponses(new HostLifetimeFake(), NullLogger<BackgroundResponses>.Instance);
        var recorded = false;
        background.Start("resp_1", async token =>
        {
            await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.Yield();
            recorded = true;
        });

        var ran = await background.CancelAsync("resp_1", CancellationToken.None);

        Assert.True(ran);
        Assert.True(recorded);
        Assert.False(await background.CancelAsync("resp_1", CancellationToken.None));
    }

    [Fact]
    public async Task More_than_the_bound_at_once_is_a_429_and_a_stopping_server_cancels_them_all()
    {
        var lifetime = new HostLifetimeFake();
        var background = new BackgroundResponses(lifetime, NullLogger<BackgroundResponses>.Instance);
        var ended = 0;
        for (var i = 0; i < BackgroundResponses.MaxRunning; i++)
            background.Start($"resp_{i}", async token =>
            {
                await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
                Interlocked.Increment(ref ended);
            });

        var refused = Assert.Throws<ApiException>(() => background.Start("resp_more", _ => Task.CompletedTask));
        await lifetime.Stopping.CancelAsync();
        Assert.True(background.Stopping);
        for (var i = 0; i < BackgroundResponses.MaxRunning; i++) await background.CancelAsync($"resp_{i}", CancellationToken.None);

        Assert.Equal((429, "background"), (refused.Status, refused.Param));
        Assert.Equal(BackgroundResponses.MaxRunning, Volatile.Read(ref ended));
    }

    [Fact]
    public async Task A_stopping_server_waits_until_every_run_recorded_its_end()
    {
        var lifetime = new HostLifetimeFake();
        var background = new BackgroundResponses(lifetime, NullLogger<BackgroundResponses>.Instance);
        var saving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorded = false;
        background.Start("resp_1", async token =>
        {
            await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
            await saving.Task;
            recorded = true;
        });

        await lifetime.Stopping.CancelAsync();
        var stop = background.StopAsync(CancellationToken.None);

        Assert.False(stop.IsCompleted);
        saving.SetResult();
        await stop;
        Assert.True(recorded);
    }

    [Fact]
    public async Task A_stop_past_the_shutdown_timeout_returns_without_the_run()
    {
        var background = new BackgroundResponses(new HostLifetimeFake(), NullLogger<BackgroundResponses>.Instance);
        background.Start("resp_1", _ => new TaskCompletionSource().Task);

        // The host's shutdown timeout has passed: the stop logs the run left behind instead of failing the host's stop.
        var stop = background.StopAsync(new CancellationToken(canceled: true));
        await stop;

        Assert.True(stop.IsCompletedSuccessfully);
    }
}
