using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Omnia.Engines.Remote;
using Omnia.Errors;
using Polly.CircuitBreaker;

namespace Omnia.Server.Tests.Remote;

/// <summary>
/// The image engine's upstreams share chat's failover and circuit breakers (Polly), here on a fake clock: a 500 opens
/// an image upstream's circuit, its break ends on the clock, a 400 never opens it.
/// </summary>
public sealed class ImageUpstreamBreakerTests : IAsyncLifetime
{
    private static readonly UpstreamFailoverOptions Failover = new() { MinimumThroughput = 2, FailureRatio = 1, BreakDuration = TimeSpan.FromSeconds(10) };
    private static readonly ImageGenerationRequest Cat = new("a cat");

    private readonly FakeTimeProvider _time = new();
    private FaultInjectingUpstream _a = null!;
    private FaultInjectingUpstream _b = null!;

    public async Task InitializeAsync()
    {
        _a = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        _b = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private RemoteImageGenerator Generator(params FaultInjectingUpstream[] upstreams) =>
        new("painter", new RemoteModelOptions
        {
            Upstreams = [.. upstreams.Select((u, i) => new UpstreamOptions { Name = $"u{i}", BaseUrl = u.BaseUrl, Model = "m", Timeout = TimeSpan.FromSeconds(10) })],
            HealthCheckInterval = TimeSpan.Zero,
            Failover = Failover,
        }, _time);

    [Fact]
    public async Task An_image_upstream_answering_500_is_passed_over_until_its_break_ends_on_the_clock()
    {
        _a.ImageStatus = 500;
        using var generator = Generator(_a);

        for (var i = 0; i < Failover.MinimumThroughput; i++)
            Assert.Equal(500, (await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat))).UpstreamStatus);
        var broken = await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat));
        Assert.IsType<BrokenCircuitException>(broken.InnerException);
        Assert.Equal(Failover.MinimumThroughput, _a.ImageRequests);

        _time.Advance(Failover.BreakDuration - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat));
        Assert.Equal(Failover.MinimumThroughput, _a.ImageRequests);

        // The break is over: one trial request reaches the upstream again (half-open), and its failure reopens the circuit.
        _time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat));
        Assert.Equal(Failover.MinimumThroughput + 1, _a.ImageRequests);
        Assert.IsType<BrokenCircuitException>((await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat))).InnerException);
        Assert.Equal(Failover.MinimumThroughput + 1, _a.ImageRequests);
    }

    [Fact]
    public async Task While_one_image_upstreams_circuit_is_open_every_request_tries_the_other_first()
    {
        _a.ImageStatus = 500;
        _b.ImageStatus = 400;
        using var generator = Generator(_a, _b);
        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat));
        var triedOnA = _a.ImageRequests;

        for (var i = 0; i < 4; i++)
            Assert.Equal(400, (await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat))).UpstreamStatus);

        Assert.Equal(Failover.MinimumThroughput, triedOnA);
        Assert.Equal(triedOnA, _a.ImageRequests);
        Assert.Equal(8, _b.ImageRequests);
    }

    [Fact]
    public async Task An_image_upstreams_400_never_opens_its_circuit_nor_moves_the_request()
    {
        _a.ImageStatus = 400;
        using var generator = Generator(_a);

        for (var i = 0; i < 3 * Failover.MinimumThroughput; i++)
        {
            var failure = await Assert.ThrowsAsync<UpstreamFailedException>(() => generator.GenerateAsync(Cat));
            Assert.Equal(400, failure.UpstreamStatus);
            Assert.Contains(_a.ImageMessage, failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(3 * Failover.MinimumThroughput, _a.ImageRequests);
        Assert.Equal(new Dictionary<string, int> { ["u0"] = 0 }, generator.InFlight);
    }
}
